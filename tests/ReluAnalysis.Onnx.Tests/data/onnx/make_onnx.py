"""Regenerates the ONNX test fixtures with PyTorch (Debian python3-torch, python3-onnx).

Run: /usr/bin/python3 make_onnx.py   (writes *.onnx and *.expected.json beside this file)
Each fixture is a float64 MLP exported by torch.onnx.export, plus 20 inputs and PyTorch's outputs.
"""
import json
import torch

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)


class Normalised(torch.nn.Module):
    """(x - mean) / std, then a Gemm MLP: the Sub/Div fold into the first layer."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, -1.0, 2.0, 0.0]))
        self.register_buffer("std", torch.tensor([2.0, 0.5, 4.0, 1.5]))
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 6), torch.nn.ReLU(), torch.nn.Linear(6, 3))

    def forward(self, x):
        return self.mlp((x - self.mean) / self.std)


class MatMulAdd(torch.nn.Module):
    """Explicit x @ W + b layers, exported as MatMul + Add, after a Flatten of a 2x3 input."""

    def __init__(self):
        super().__init__()
        self.w1 = torch.nn.Parameter(torch.randn(6, 5))
        self.b1 = torch.nn.Parameter(torch.randn(5))
        self.w2 = torch.nn.Parameter(torch.randn(5, 2))
        self.b2 = torch.nn.Parameter(torch.randn(2))

    def forward(self, x):
        h = torch.flatten(x, 1)
        h = torch.relu(torch.matmul(h, self.w1) + self.b1)
        return torch.matmul(h, self.w2) + self.b2


class WithSigmoid(torch.nn.Module):
    """Not a ReLU network: the reader must name the Sigmoid node."""

    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 2)

    def forward(self, x):
        return torch.sigmoid(self.lin(x))


def export(name, model, shape):
    model.eval()
    x = torch.randn(*shape)
    torch.onnx.export(model, x[:1], f"{name}.onnx", input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    with torch.no_grad():
        y = model(x)
    with open(f"{name}.expected.json", "w") as f:
        json.dump({"inputs": x.reshape(shape[0], -1).tolist(), "outputs": y.tolist()}, f)


export("normalised_mlp", Normalised(), (20, 4))
export("matmul_add", MatMulAdd(), (20, 2, 3))
export("sigmoid", WithSigmoid(), (20, 3))

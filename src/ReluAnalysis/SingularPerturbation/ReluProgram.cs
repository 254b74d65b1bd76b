using ReluAnalysis.Networks;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// Builds a dense <see cref="ReluNetwork"/> from a dataflow graph of ReLU nodes: each node is <c>σ(affine form of earlier
/// nodes)</c>, its layer one more than the deepest node it reads. <see cref="Compile"/> places nodes in their layers and
/// carries values that are read later through the layers in between: a ReLU node (non-negative) by one identity neuron
/// <c>σ(v) = v</c> per layer, an input by the pair <c>σ(x), σ(−x)</c>. Only builds weights; evaluation is the engine's.
/// </summary>
internal sealed class ReluProgram
{
    private readonly int _inputs;
    private readonly List<int> _layer = [];
    private readonly List<AffineForm?> _form = [];

    public ReluProgram(int inputs)
    {
        _inputs = inputs;
        for (int i = 0; i < inputs; i++)
        {
            _layer.Add(0);
            _form.Add(null);
        }
    }

    public AffineForm Input(int index) => AffineForm.Node(index);

    /// <summary>A new node <c>σ(form)</c>.</summary>
    public AffineForm Relu(AffineForm form)
    {
        int layer = 1;
        foreach (int v in form.Terms.Keys)
        {
            layer = Math.Max(layer, _layer[v] + 1);
        }

        _layer.Add(layer);
        _form.Add(form);
        return AffineForm.Node(_layer.Count - 1);
    }

    public ReluNetwork Compile(AffineForm output)
    {
        int count = _layer.Count;
        var used = new bool[count];
        var stack = new Stack<int>(output.Terms.Keys);
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (used[v])
            {
                continue;
            }

            used[v] = true;
            if (_form[v] is AffineForm f)
            {
                foreach (int u in f.Terms.Keys)
                {
                    stack.Push(u);
                }
            }
        }

        int depth = 1;
        foreach (int v in output.Terms.Keys)
        {
            depth = Math.Max(depth, _layer[v]);
        }

        // lastRead[v]: the layer that must still hold v's value (consumer layer − 1; the output reads layer `depth`).
        var lastRead = new int[count];
        Array.Fill(lastRead, -1);
        for (int v = 0; v < count; v++)
        {
            if (used[v] && _form[v] is AffineForm f)
            {
                foreach (int u in f.Terms.Keys)
                {
                    lastRead[u] = Math.Max(lastRead[u], _layer[v] - 1);
                }
            }
        }

        foreach (int u in output.Terms.Keys)
        {
            lastRead[u] = depth;
        }

        // Neuron indices per layer: slot[l][v] = neuron of v's value in layer l (inputs carried use two: slot and slot+1).
        var slot = new Dictionary<int, int>[depth + 1];
        var rows = new List<(AffineForm? Form, int Node, int Kind)>[depth + 1];
        for (int l = 1; l <= depth; l++)
        {
            slot[l] = [];
            rows[l] = [];
        }

        for (int v = 0; v < count; v++)
        {
            if (!used[v])
            {
                continue;
            }

            int start = v < _inputs ? 1 : _layer[v];
            for (int l = start; l <= lastRead[v]; l++)
            {
                slot[l][v] = rows[l].Count;
                if (v < _inputs)
                {
                    rows[l].Add((null, v, 1));
                    rows[l].Add((null, v, -1));
                }
                else
                {
                    rows[l].Add((l == _layer[v] ? _form[v] : null, v, 0));
                }
            }
        }

        var layers = new List<DenseLayer>(depth + 1);
        int below = _inputs;
        for (int l = 1; l <= depth; l++)
        {
            int width = rows[l].Count;
            var w = new double[width * below];
            var b = new double[width];
            for (int r = 0; r < width; r++)
            {
                var (form, node, kind) = rows[l][r];
                if (form is not null)
                {
                    foreach (var (u, weight) in form.Terms)
                    {
                        AddValue(w, r, below, l - 1, u, weight, slot);
                    }

                    b[r] = form.Constant;
                }
                else
                {
                    // Carrier: σ(±value below).
                    AddValue(w, r, below, l - 1, node, kind == 0 ? 1.0 : kind, slot);
                }
            }

            layers.Add(new DenseLayer(width, below, w, b));
            below = width;
        }

        var wo = new double[below];
        foreach (var (u, weight) in output.Terms)
        {
            AddValue(wo, 0, below, depth, u, weight, slot);
        }

        layers.Add(new DenseLayer(1, below, wo, [output.Constant]));
        return new ReluNetwork(layers);
    }

    private void AddValue(double[] w, int row, int cols, int layer, int node, double weight, Dictionary<int, int>[] slot)
    {
        if (layer == 0)
        {
            w[row * cols + node] += weight;
            return;
        }

        int s = slot[layer][node];
        w[row * cols + s] += weight;
        if (node < _inputs)
        {
            w[row * cols + s + 1] -= weight;
        }
    }
}

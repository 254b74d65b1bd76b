using Google.Protobuf;
using Onnx;

namespace ReluAnalysis.Networks;

/// <summary>
/// Reads multilayer perceptrons exported to ONNX (for example by <c>torch.onnx.export</c>), parsed with
/// the OnnxSharp protobuf types.
/// </summary>
/// <remarks>
/// Supported operators along the single data path: <c>Gemm</c> (alpha, beta, transA = 0, transB),
/// <c>MatMul</c> and <c>Add</c>/<c>Sub</c>/<c>Mul</c>/<c>Div</c> with a constant operand, <c>Relu</c>,
/// <c>Flatten</c> and <c>Identity</c>, with constants from initializers or <c>Constant</c> nodes.
/// Affine operators between two ReLUs are composed into one dense layer, so an input normalisation
/// <c>(x − mean) / std</c> folds into the first layer. Any other operator raises
/// <see cref="NotSupportedException"/> naming the operator and the node. Float and double tensors
/// are read; weights become doubles.
/// </remarks>
public static class OnnxFormat
{
    /// <summary>
    /// Lets <see cref="NetworkFile.Load"/> read <c>.onnx</c> files (call once at start-up; repeated calls are harmless).
    /// The core package has no ONNX dependency, so this package adds the extension itself.
    /// </summary>
    public static void Register() => NetworkFile.RegisterReader(".onnx", Read);

    /// <summary>Reads an ONNX model file.</summary>
    /// <exception cref="FormatException">The file is not a valid ONNX model or its shapes do not fit.</exception>
    /// <exception cref="NotSupportedException">An operator other than the supported ones lies on the data path.</exception>
    public static ReluNetwork Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an ONNX model from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static ReluNetwork Read(Stream stream, string source = "<onnx>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"{source}: not a valid ONNX model: {e.Message}", e);
        }

        GraphProto graph = model.Graph ?? throw new FormatException($"{source}: the model has no graph.");
        var builder = new Builder(source);
        foreach (TensorProto t in graph.Initializer)
        {
            builder.Constants[t.Name] = ReadTensor(t, source);
        }

        var dataInputs = graph.Input.Where(i => !builder.Constants.ContainsKey(i.Name)).ToList();
        if (dataInputs.Count != 1)
        {
            throw new FormatException($"{source}: expected exactly one non-constant graph input, found {dataInputs.Count}.");
        }

        builder.Start(dataInputs[0].Name, InputWidth(dataInputs[0], source));
        foreach (NodeProto node in graph.Node)
        {
            builder.Apply(node);
        }

        if (graph.Output.Count != 1 || graph.Output[0].Name != builder.Current)
        {
            throw new FormatException($"{source}: the graph output is not the end of the single data path through the MLP.");
        }

        return builder.Finish();
    }

    private static int InputWidth(ValueInfoProto input, string source)
    {
        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count < 2)
        {
            throw new FormatException($"{source}: input \"{input.Name}\" needs a shape [batch, features…].");
        }

        long width = 1;
        for (int i = 1; i < dims.Count; i++)
        {
            if (dims[i].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[i].DimValue <= 0)
            {
                throw new FormatException($"{source}: input \"{input.Name}\" has a symbolic or empty feature dimension {i}.");
            }

            width *= dims[i].DimValue;
        }

        return checked((int)width);
    }

    private static Tensor ReadTensor(TensorProto t, string source)
    {
        int[] dims = t.Dims.Select(d => checked((int)d)).ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        double[] values = (TensorProto.Types.DataType)t.DataType switch
        {
            TensorProto.Types.DataType.Double when t.RawData.Length > 0 => RawDoubles(t.RawData.Span, 8, count, t.Name, source),
            TensorProto.Types.DataType.Double => t.DoubleData.ToArray(),
            TensorProto.Types.DataType.Float when t.RawData.Length > 0 => RawDoubles(t.RawData.Span, 4, count, t.Name, source),
            TensorProto.Types.DataType.Float => t.FloatData.Select(f => (double)f).ToArray(),
            var other => throw new FormatException($"{source}: tensor \"{t.Name}\" has data type {other}; expected float or double."),
        };
        if (values.LongLength != count)
        {
            throw new FormatException($"{source}: tensor \"{t.Name}\" has {values.Length} values; its shape [{string.Join(", ", dims)}] needs {count}.");
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new FormatException($"{source}: tensor \"{t.Name}\"[{i}] is {values[i]}; NaN and infinity are rejected.");
            }
        }

        return new Tensor(dims, values);
    }

    private static double[] RawDoubles(ReadOnlySpan<byte> raw, int size, long count, string name, string source)
    {
        if (raw.Length != count * size)
        {
            throw new FormatException($"{source}: tensor \"{name}\" has {raw.Length} raw bytes; expected {count * size}.");
        }

        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = size == 8
                ? BitConverter.ToDouble(raw.Slice(i * 8, 8))
                : BitConverter.ToSingle(raw.Slice(i * 4, 4));
        }

        return values;
    }

    private sealed record Tensor(int[] Dims, double[] Values);

    /// <summary>Follows the data path and keeps the affine map since the last ReLU: <c>v = A h + c</c>.</summary>
    private sealed class Builder(string source)
    {
        private readonly List<DenseLayer> _layers = [];
        private double[] _a = [];
        private double[] _c = [];
        private int _rows;
        private int _cols;

        public Dictionary<string, Tensor> Constants { get; } = [];

        public string Current { get; private set; } = string.Empty;

        public void Start(string input, int width)
        {
            Current = input;
            Reset(width);
        }

        public void Apply(NodeProto node)
        {
            string what = $"node \"{node.Name}\" ({node.OpType})";
            if (node.OpType == "Constant")
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                    ?? throw new NotSupportedException($"{source}: {what} has no tensor \"value\" attribute.");
                Constants[node.Output[0]] = ReadTensor(value, source);
                return;
            }

            var data = node.Input.Where(i => !string.IsNullOrEmpty(i) && !Constants.ContainsKey(i)).ToList();
            if (data.Count != 1 || data[0] != Current)
            {
                throw new NotSupportedException($"{source}: {what} does not continue the single data path of an MLP (inputs: {string.Join(", ", node.Input)}).");
            }

            switch (node.OpType)
            {
                case "Relu":
                    _layers.Add(new DenseLayer(_rows, _cols, _a, _c));
                    Reset(_rows);
                    break;
                case "Flatten":
                case "Identity":
                    break;
                case "Gemm":
                    Gemm(node, what);
                    break;
                case "MatMul":
                    {
                        Tensor w = Constant(node, 1, what);
                        if (node.Input[0] != Current || w.Dims.Length != 2 || w.Dims[0] != _rows)
                        {
                            throw new FormatException($"{source}: {what} expects x·W with W of shape [{_rows}, n]; found [{string.Join(", ", w.Dims)}].");
                        }

                        // x·W = Wᵀx: row j of the new map is Σ_i W[i, j] · (row i of the old map).
                        Compose(w.Dims[1], (j, i) => w.Values[i * w.Dims[1] + j], 1.0);
                        break;
                    }

                case "Add":
                case "Sub":
                case "Mul":
                case "Div":
                    Elementwise(node, what);
                    break;
                default:
                    throw new NotSupportedException($"{source}: unsupported operator \"{node.OpType}\" in node \"{node.Name}\"; a ReLU MLP uses Gemm, MatMul, Add, Sub, Mul, Div, Relu, Flatten.");
            }

            Current = node.Output[0];
        }

        public ReluNetwork Finish()
        {
            _layers.Add(new DenseLayer(_rows, _cols, _a, _c));
            return new ReluNetwork(_layers);
        }

        private void Reset(int width)
        {
            _rows = _cols = width;
            _a = new double[width * width];
            for (int i = 0; i < width; i++)
            {
                _a[i * width + i] = 1.0;
            }

            _c = new double[width];
        }

        private Tensor Constant(NodeProto node, int index, string what)
        {
            if (index >= node.Input.Count || !Constants.TryGetValue(node.Input[index], out Tensor? t))
            {
                throw new NotSupportedException($"{source}: {what} needs a constant input {index}.");
            }

            return t;
        }

        private void Gemm(NodeProto node, string what)
        {
            double alpha = node.Attribute.FirstOrDefault(a => a.Name == "alpha")?.F ?? 1.0f;
            double beta = node.Attribute.FirstOrDefault(a => a.Name == "beta")?.F ?? 1.0f;
            bool transA = (node.Attribute.FirstOrDefault(a => a.Name == "transA")?.I ?? 0) != 0;
            bool transB = (node.Attribute.FirstOrDefault(a => a.Name == "transB")?.I ?? 0) != 0;
            if (transA || node.Input[0] != Current)
            {
                throw new NotSupportedException($"{source}: {what} with the data as second operand or transA = 1 is not an MLP layer.");
            }

            Tensor w = Constant(node, 1, what);
            int outputs = transB ? w.Dims[0] : w.Dims[1];
            int inputs = transB ? w.Dims[1] : w.Dims[0];
            if (w.Dims.Length != 2 || inputs != _rows)
            {
                throw new FormatException($"{source}: {what} has weights [{string.Join(", ", w.Dims)}]; expected {_rows} inputs.");
            }

            Compose(outputs, transB ? (j, i) => w.Values[j * inputs + i] : (j, i) => w.Values[i * outputs + j], alpha);
            if (node.Input.Count > 2 && !string.IsNullOrEmpty(node.Input[2]))
            {
                Tensor b = Constant(node, 2, what);
                for (int j = 0; j < _rows; j++)
                {
                    _c[j] += beta * Broadcast(b, j, what);
                }
            }
        }

        /// <summary>Replaces the map by <c>M·(A h + c)</c> with <c>M[j, i] = scale · m(j, i)</c>, <c>M</c> of size outputs × rows.</summary>
        private void Compose(int outputs, Func<int, int, double> m, double scale)
        {
            var a = new double[outputs * _cols];
            var c = new double[outputs];
            for (int j = 0; j < outputs; j++)
            {
                for (int i = 0; i < _rows; i++)
                {
                    double mji = scale * m(j, i);
                    if (mji == 0.0)
                    {
                        continue;
                    }

                    for (int t = 0; t < _cols; t++)
                    {
                        a[j * _cols + t] += mji * _a[i * _cols + t];
                    }

                    c[j] += mji * _c[i];
                }
            }

            _a = a;
            _c = c;
            _rows = outputs;
        }

        private void Elementwise(NodeProto node, string what)
        {
            if (node.Input[0] != Current)
            {
                throw new NotSupportedException($"{source}: {what} with the constant first is not supported.");
            }

            Tensor k = Constant(node, 1, what);
            for (int j = 0; j < _rows; j++)
            {
                double v = Broadcast(k, j, what);
                switch (node.OpType)
                {
                    case "Add":
                        _c[j] += v;
                        break;
                    case "Sub":
                        _c[j] -= v;
                        break;
                    case "Mul":
                    case "Div":
                        if (node.OpType == "Div" && v == 0.0)
                        {
                            throw new FormatException($"{source}: {what} divides by zero at feature {j}.");
                        }

                        for (int t = 0; t < _cols; t++)
                        {
                            _a[j * _cols + t] = node.OpType == "Mul" ? _a[j * _cols + t] * v : _a[j * _cols + t] / v;
                        }

                        _c[j] = node.OpType == "Mul" ? _c[j] * v : _c[j] / v;
                        break;
                }
            }
        }

        private double Broadcast(Tensor t, int j, string what)
        {
            int n = t.Values.Length;
            if (n == 1)
            {
                return t.Values[0];
            }

            if (n == _rows && t.Dims[^1] == _rows)
            {
                return t.Values[j];
            }

            throw new FormatException($"{source}: {what} has a constant of shape [{string.Join(", ", t.Dims)}] that does not broadcast over {_rows} features.");
        }
    }
}

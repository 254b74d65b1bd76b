using System.Globalization;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Benchmarks.Verification;

/// <summary>One line of data/acasxu/instances.csv: the sweep's names ("1_1", "prop_3"), the files and the competition timeout.</summary>
internal sealed record AcasXuInstance(string Net, string Prop, string NetPath, string PropPath, double Timeout)
{
    /// <summary>Every instance of the CSV, in order; registers the .onnx reader the listed networks need.</summary>
    public static IReadOnlyList<AcasXuInstance> ReadAll()
    {
        OnnxFormat.Register();
        string csv = Path.Combine(RepositoryRoot.Path, "data", "acasxu", "instances.csv");
        string root = Path.GetDirectoryName(csv)!;
        var list = new List<AcasXuInstance>();
        foreach (string[] p in File.ReadLines(csv).Select(l => l.Split(',')).Where(p => p.Length == 3))
        {
            string netPath = Path.GetFullPath(Path.Combine(root, p[0]));
            string propPath = Path.GetFullPath(Path.Combine(root, p[1]));
            string net = Path.GetFileNameWithoutExtension(netPath).Replace("ACASXU_run2a_", string.Empty).Replace("_batch_2000", string.Empty);
            list.Add(new AcasXuInstance(net, Path.GetFileNameWithoutExtension(propPath), netPath, propPath, double.Parse(p[2], CultureInfo.InvariantCulture)));
        }

        return list;
    }
}

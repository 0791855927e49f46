using System.Text;

namespace JourneyLens.Testing;

/// <summary>
/// Hostile variants of a valid input, reproducible from a seed: the mutation classes the reliability probes used
/// (bytes flipped, inserted, deleted, repeated, truncated; quotes, line ends, NULs and invalid UTF-8 put in; byte-order
/// marks; lone surrogate escapes; deep nesting; a very long line; lines swapped). The fuzz suites run a bounded
/// number in CI; bench/ runs more.
/// </summary>
public static class Mutations
{
    public const int Classes = 14;

    /// <summary>
    /// Runs <paramref name="check"/> on the variants <paramref name="cases"/> of <paramref name="input"/> and says what
    /// failed (at most five): an exception, or a case slower than 10 s. A failing case is saved in the temporary folder
    /// to replay it.
    /// </summary>
    public static List<string> Failures(byte[] input, IEnumerable<int> cases, Action<int, byte[]> check, string name = "input")
    {
        var failures = new List<string>();
        foreach (var n in cases)
        {
            if (failures.Count >= 5)
            {
                break;
            }

            var (bytes, done) = Of(input, n);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                check(n, bytes);
            }
            catch (Exception e)
            {
                var kept = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fuzz-{n}-{name}");
                File.WriteAllBytes(kept, bytes);
                var where = string.Join(" | ", (e.StackTrace ?? "").Split('\n').Where(l => l.Contains("JourneyLens", StringComparison.Ordinal)).Take(4));
                failures.Add($"case {n} ({done}, saved as {kept}): {e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 300)]} @ {where}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                failures.Add($"case {n} ({done}): took {clock.Elapsed.TotalSeconds:0.0} s");
            }
        }

        return failures;
    }

    /// <summary>The <paramref name="seed"/>-th variant of <paramref name="input"/> (1 to 3 mutations), and what was done.</summary>
    public static (byte[] Bytes, string Done) Of(byte[] input, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(input);
        var done = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            done.Add(Apply(bytes, random));
        }

        return ([.. bytes], string.Join(", ", done));
    }

    private static string Apply(List<byte> b, Random r)
    {
        int At() => b.Count == 0 ? 0 : r.Next(b.Count);
        var kind = r.Next(Classes);
        switch (kind)
        {
            case 0 when b.Count > 0:
                var i = At();
                b[i] ^= (byte)(1 << r.Next(8));
                return $"flip bit at {i}";
            case 1:
                var at = At();
                const string Specials = "\",\n\r\0;|\t'{}[]:\\-";
                var c = Specials[r.Next(Specials.Length)];
                b.Insert(at, (byte)c);
                return $"insert {(int)c} at {at}";
            case 2 when b.Count > 0:
                var from = At();
                var count = Math.Min(r.Next(1, 40), b.Count - from);
                b.RemoveRange(from, count);
                return $"delete {count} at {from}";
            case 3 when b.Count > 0:
                var start = At();
                var length = Math.Min(r.Next(1, 200), b.Count - start);
                b.InsertRange(At(), b.GetRange(start, length));
                return $"repeat {length} from {start}";
            case 4:
                var keep = At();
                b.RemoveRange(keep, b.Count - keep);
                return $"truncate at {keep}";
            case 5:
                var where = At();
                b.InsertRange(where, [0xFF, 0xC3, 0x28, 0xE2, 0x82]);
                return $"invalid UTF-8 at {where}";
            case 6:
                b.InsertRange(0, r.Next(2) == 0 ? [0xEF, 0xBB, 0xBF] : [0xFF, 0xFE]);
                return "byte-order mark";
            case 7:
                b.InsertRange(At(), Encoding.UTF8.GetBytes("\\ud800"));
                return "lone surrogate escape";
            case 8:
                var depth = r.Next(100, 5_000);
                var open = r.Next(2) == 0 ? "[" : "{\"a\":";
                b.InsertRange(At(), Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth))));
                return $"nesting {depth} deep";
            case 9:
                b.InsertRange(At(), Enumerable.Repeat((byte)'x', r.Next(10_000, 300_000)));
                return "a very long line";
            case 10:
                var lines = Encoding.UTF8.GetString([.. b]).Split('\n');
                if (lines.Length > 2)
                {
                    var (x, y) = (r.Next(lines.Length), r.Next(lines.Length));
                    (lines[x], lines[y]) = (lines[y], lines[x]);
                    b.Clear();
                    b.AddRange(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
                }

                return "lines swapped";
            case 11:
                b.InsertRange(At(), Encoding.UTF8.GetBytes("\"" + new string('\n', r.Next(1, 4))));
                return "an open quote and line ends";
            case 12:
                b.InsertRange(At(), Encoding.UTF8.GetBytes(r.Next(3) switch { 0 => "null", 1 => "-99999999999999999999", _ => "1e309" }));
                return "odd value";
            default:
                b.InsertRange(At(), Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>&b;"));
                return "entity expansion";
        }
    }
}

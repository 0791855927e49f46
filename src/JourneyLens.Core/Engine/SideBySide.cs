using System.Runtime.ExceptionServices;

namespace JourneyLens.Core.Engine;

/// <summary>
/// Runs independent scans of the read-only engine on the cores at hand. Unlike <see cref="Parallel.Invoke(Action[])"/>
/// it rethrows the first failure as itself, so that a user error (a bad metric, an unknown touchpoint) stays the
/// error the CLI and the API know how to show rather than an <see cref="AggregateException"/>.
/// </summary>
public static class SideBySide
{
    public static void Run(params Action[] actions) => Rethrown(() => Parallel.Invoke(actions));

    /// <summary><paramref name="body"/> for 0 … <paramref name="count"/> − 1 on the cores at hand.</summary>
    public static void For(int count, Action<int> body) => Rethrown(() => Parallel.For(0, count, body));

    private static void Rethrown(Action parallel)
    {
        try
        {
            parallel();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}

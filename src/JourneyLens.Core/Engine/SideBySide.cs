using System.Runtime.ExceptionServices;

namespace JourneyLens.Core.Engine;

/// <summary>
/// Runs independent scans of the read-only engine on the cores at hand. Unlike <see cref="Parallel.Invoke(Action[])"/>
/// it rethrows the first failure as itself, so that a user error (a bad metric, an unknown touchpoint) stays the
/// error the CLI and the API know how to show rather than an <see cref="AggregateException"/>.
/// </summary>
public static class SideBySide
{
    public static void Run(params Action[] actions)
    {
        try
        {
            Parallel.Invoke(actions);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}

using System.Collections.Concurrent;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Import;

/// <summary>
/// The reader thread of an import: parses and validates, quarantines rejected rows (and enforces --max-errors),
/// and turns accepted records into queued rows. A bounded queue to the writer keeps memory constant.
/// </summary>
internal sealed class ReadSide(IEventReader reader, ImportState state, QuarantineWriter quarantine, ImportSettings settings)
{
    private const int BatchSize = 2048;
    /// <summary>Rejected rows kept whole for the summary (a dry run lists them; all go to the quarantine file).</summary>
    public const int RejectionsShown = 20;

    private readonly RejectionTally _rejected = new(settings.MaxErrors, RejectionsShown, "; nothing was imported");

    public IReadOnlyList<Rejection> FirstRejections => _rejected.First;

    public long Quarantined => _rejected.Count;
    public long Filtered { get; private set; }
    public IReadOnlyDictionary<string, long> QuarantinedByReason => _rejected.ByReason;
    public List<EventRecord> Sample { get; } = [];

    /// <summary>The batches in input order; an error on the reader thread is rethrown here, after the batches before it.</summary>
    public IEnumerable<PendingWrites> Batches(CancellationToken cancel)
    {
        using var queue = new BlockingCollection<PendingWrites>(boundedCapacity: 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var producer = Task.Run(() => Produce(queue, stop.Token), stop.Token);
        var completed = false;
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancel))
            {
                yield return batch;
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                stop.Cancel();
            }

            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!completed)
            {
                // the writer stopped first; its own exception is the one that matters
            }
        }
    }

    private void Produce(BlockingCollection<PendingWrites> queue, CancellationToken cancel)
    {
        try
        {
            var batch = new PendingWrites();
            long records = 0;
            foreach (var item in reader.Read())
            {
                records++;
                switch (item.Outcome)
                {
                    case ReadOutcome.Filtered:
                        Filtered++;
                        break;
                    case ReadOutcome.Rejected:
                        Reject(item.Rejection!);
                        break;
                    default:
                        if (state.Add(item.Record!, batch) && Sample.Count < settings.SampleSize)
                        {
                            Sample.Add(item.Record!);
                        }

                        break;
                }

                if (records % BatchSize == 0)
                {
                    (batch.Records, batch.BytesRead) = (records, reader.BytesRead);
                    queue.Add(batch, cancel);
                    batch = new PendingWrites();
                }
            }

            (batch.Records, batch.BytesRead) = (records, reader.BytesRead);
            queue.Add(batch, cancel);
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    private void Reject(Rejection rejection)
    {
        quarantine.Write(rejection);
        _rejected.Add(rejection);
    }
}

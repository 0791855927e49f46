using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.Core.Tests.Experience;

/// <summary>Switching and scores against plain LINQ over the same random journeys (channels, answers, ties).</summary>
public class SwitchingAndScoresTests
{
    private static readonly string[] Touchpoints = ["a", "b", "c", "survey"];
    private static readonly string[] ChannelNames = ["web", "app", "phone", "store", "email"];
    private const int Survey = 3;

    /// <param name="Contact">0: none (the event is a contact of its own); else the contact it is part of.</param>
    private sealed record E(int Person, long Ts, int Touchpoint, int Channel, ScoreType Type, int Score, int About, int Contact = 0);

    private static Gen<E[]> Logs =>
        from n in Gen.Choose(0, 50)
        from rows in Gen.ArrayOf(
            from p in Gen.Choose(0, 4)
            from t in Gen.Choose(0, 30)
            from tp in Gen.Choose(0, 3)
            from ch in Gen.Choose(0, ChannelNames.Length - 1)
            from score in Gen.Choose(0, 10)
            from about in Gen.Choose(-1, 2)
            from contact in Gen.Elements(0, 0, 7, 8)
            select tp == Survey ? new E(p, t * 3_600_000L, tp, 4, ScoreType.Nps, score, about) : new E(p, t * 3_600_000L, tp, ch, ScoreType.None, 0, -1, contact), n)
        select rows;

    private static JourneyEngine Engine(E[] rows)
    {
        var builder = new EventTableBuilder();
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            builder.Add(i, r.Person, r.Ts, 0, r.Touchpoint, (ushort)r.Channel, r.Type, (sbyte)r.Score, r.About, double.NaN, 0, r.Contact == 0 ? 0 : EventTable.ContactCode($"call {r.Person}-{r.Contact}"));
        }

        var table = builder.Build(Touchpoints, ChannelNames, [""], new long[rows.Length == 0 ? 1 : rows.Max(r => r.Person) + 1]);
        return new JourneyEngine(table, JourneyIndex.Cut(table, TimeSpan.FromHours(10)));
    }

    /// <summary>Each answer with its subject as the reference sees it: the touchpoint it is about, else the journey's touchpoint before it.</summary>
    private static IEnumerable<(E Answer, string Subject)> AnswersWithSubjects(E[] rows)
    {
        foreach (var journey in Journeys(rows))
        {
            string? last = null;
            foreach (var e in journey)
            {
                if (e.Type == ScoreType.None)
                {
                    last = Touchpoints[e.Touchpoint];
                    continue;
                }

                yield return (e, e.About >= 0 ? Touchpoints[e.About] : last ?? Scores.NoSubjectName);
            }
        }
    }

    /// <summary>Journeys as the reference sees them: per person in time then input order, cut at gaps over 10 hours.</summary>
    private static List<List<E>> Journeys(E[] rows)
    {
        var journeys = new List<List<E>>();
        foreach (var person in rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Person).OrderBy(g => g.Key))
        {
            List<E>? current = null;
            foreach (var (r, _) in person.OrderBy(x => x.r.Ts).ThenBy(x => x.i))
            {
                if (current is null || r.Ts - current[^1].Ts > 10 * 3_600_000L)
                {
                    journeys.Add(current = []);
                }

                current.Add(r);
            }
        }

        return journeys;
    }

    [Fact]
    public void Failed_self_service_repeat_contact_and_the_matrix_match_a_plain_count()
    {
        Prop.ForAll(Logs.ToArbitrary(), rows =>
        {
            var request = new SwitchingRequest(TimeSpan.FromHours(5), TimeSpan.FromHours(12), ChannelClasses.Default);
            var result = Switching.Compute(Engine(rows), request);

            var attempts = new Dictionary<string, (long, long)>();
            var contacts = new Dictionary<string, (long, long)>();
            var matrix = new Dictionary<(string, string), long>();
            var failedPersons = new HashSet<(string, int)>();
            var repeatedPersons = new HashSet<(string, int)>();
            foreach (var journey in Journeys(rows))
            {
                var events = journey.Where(e => e.Type == ScoreType.None).ToList();
                // A contact is counted once, at its first assisted event in the journey.
                bool Assisted(E e) => ChannelClasses.Default.Assisted.Contains(ChannelNames[e.Channel])
                    && (e.Contact == 0 || ReferenceEquals(events.First(o => o.Contact == e.Contact && ChannelClasses.Default.Assisted.Contains(ChannelNames[o.Channel])), e));
                for (var k = 0; k < events.Count; k++)
                {
                    var e = events[k];
                    var later = events.Skip(k + 1).Where(Assisted).ToList();
                    if (ChannelClasses.Default.Digital.Contains(ChannelNames[e.Channel]))
                    {
                        var (a, f) = attempts.GetValueOrDefault(Touchpoints[e.Touchpoint]);
                        var failed = later.Any(l => l.Ts - e.Ts <= 5 * 3_600_000L);
                        attempts[Touchpoints[e.Touchpoint]] = (a + 1, f + (failed ? 1 : 0));
                        if (failed)
                        {
                            failedPersons.Add((Touchpoints[e.Touchpoint], e.Person));
                        }
                    }

                    if (Assisted(e))
                    {
                        var (c, r) = contacts.GetValueOrDefault(Touchpoints[e.Touchpoint]);
                        var repeated = later.Any(l => l.Ts - e.Ts <= 12 * 3_600_000L);
                        contacts[Touchpoints[e.Touchpoint]] = (c + 1, r + (repeated ? 1 : 0));
                        if (repeated)
                        {
                            repeatedPersons.Add((Touchpoints[e.Touchpoint], e.Person));
                        }
                    }

                    if (k + 1 < events.Count && events[k + 1].Ts - e.Ts <= 5 * 3_600_000L)
                    {
                        var key = (ChannelNames[e.Channel], ChannelNames[events[k + 1].Channel]);
                        matrix[key] = matrix.GetValueOrDefault(key) + 1;
                    }
                }
            }

            result.FailedSelfService.ToDictionary(f => f.Touchpoint, f => (f.Attempts, f.FollowedByContact)).ShouldBe(attempts, ignoreOrder: true);
            result.RepeatContact.ToDictionary(r => r.Touchpoint, r => (r.Contacts, r.Repeated)).ShouldBe(contacts, ignoreOrder: true);
            result.FailedSelfService.ToDictionary(f => f.Touchpoint, f => f.PersonsFailed)
                .ShouldBe(attempts.Keys.ToDictionary(t => t, t => (long)failedPersons.Count(p => p.Item1 == t)), ignoreOrder: true);
            result.RepeatContact.ToDictionary(r => r.Touchpoint, r => r.PersonsRepeated)
                .ShouldBe(contacts.Keys.ToDictionary(t => t, t => (long)repeatedPersons.Count(p => p.Item1 == t)), ignoreOrder: true);
            result.Matrix.ToDictionary(m => (m.From, m.To), m => m.Transitions).ShouldBe(matrix, ignoreOrder: true);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scores_per_subject_match_a_plain_count()
    {
        Prop.ForAll(Logs.ToArbitrary(), rows =>
        {
            var result = Scores.Compute(Engine(rows), minAnswers: 3);

            var expected = new Dictionary<string, (long N, long P, long D)>();
            foreach (var (e, subject) in AnswersWithSubjects(rows))
            {
                var (n, p, d) = expected.GetValueOrDefault(subject);
                expected[subject] = (n + 1, p + (e.Score >= 9 ? 1 : 0), d + (e.Score <= 6 ? 1 : 0));
            }

            result.Subjects.ToDictionary(s => s.Subject, s => s.Scores.Single().Answers).ShouldBe(expected.ToDictionary(e => e.Key, e => e.Value.N), ignoreOrder: true);
            foreach (var s in result.Subjects)
            {
                var (n, p, d) = expected[s.Subject];
                s.Scores.Single().Value.ShouldBe(100.0 * (p - d) / n, 1e-9);
                s.Scores.Single().TooFew.ShouldBe(n < 3);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scores_per_path_variant_match_a_plain_count()
    {
        Prop.ForAll(Logs.ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (rows, top) =>
        {
            var result = VariantScoring.Compute(Engine(rows), top, minAnswers: 1);

            var journeys = Journeys(rows).Select(j =>
            {
                var path = new List<string>();
                foreach (var e in j.Where(e => e.Type == ScoreType.None).Select(e => Touchpoints[e.Touchpoint]))
                {
                    if (path.Count == 0 || path[^1] != e)
                    {
                        path.Add(e);
                    }
                }

                return (Path: string.Join(">", path), Answers: j.Where(e => e.Type != ScoreType.None).ToList());
            }).ToList();
            var kept = journeys.GroupBy(j => j.Path).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Replace(">", "\u001f", StringComparison.Ordinal), StringComparer.Ordinal)
                .Take(top).Select(g => g.Key).ToHashSet();
            var expected = journeys.GroupBy(j => kept.Contains(j.Path) ? j.Path : VariantScoring.Other)
                .ToDictionary(g => g.Key, g => (Journeys: (long)g.Count(), Answers: (long)g.Sum(j => j.Answers.Count)));

            result.ToDictionary(v => string.Join(">", v.Path), v => (v.Journeys, Answers: v.Scores.Sum(f => f.Answers))).ShouldBe(expected, ignoreOrder: true);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Paths_into_a_first_contact_match_a_plain_count()
    {
        Prop.ForAll(Logs.ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (rows, pathSteps) =>
        {
            var result = Switching.Compute(Engine(rows), new SwitchingRequest(TimeSpan.FromHours(5), TimeSpan.FromHours(12), ChannelClasses.Default, pathSteps, TopPaths: 5));

            var counts = new Dictionary<string, long>();
            var withContact = 0;
            foreach (var journey in Journeys(rows))
            {
                var events = journey.Where(e => e.Type == ScoreType.None).ToList();
                var first = events.FindIndex(e => ChannelClasses.Default.Assisted.Contains(ChannelNames[e.Channel]));
                if (first < 0)
                {
                    continue;
                }

                withContact++;
                var collapsed = new List<string>();
                foreach (var name in events.Take(first + 1).Select(e => Touchpoints[e.Touchpoint]))
                {
                    if (collapsed.Count == 0 || collapsed[^1] != name)
                    {
                        collapsed.Add(name);
                    }
                }

                var key = string.Join("\u001f", collapsed.TakeLast(pathSteps + 1));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            result.JourneysWithContact.ShouldBe(withContact);
            result.PathsIntoContact.Select(p => (string.Join("\u001f", p.Steps), p.Journeys))
                .ShouldBe(counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(5).Select(c => (c.Key, c.Value)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Score_drops_between_consecutive_answers_of_a_person_match_a_plain_count()
    {
        Prop.ForAll(Logs.ToArbitrary(), rows =>
        {
            var result = LowPoints.Compute(Engine(rows), minAnswers: 1);

            // Each answer with its subject (as in scores), then per person in time order, consecutive pairs at different subjects.
            var answers = AnswersWithSubjects(rows).Select(a => (a.Answer.Person, a.Answer.Ts, a.Subject, a.Answer.Score)).ToList();

            var changes = new Dictionary<(string, string), List<double>>();
            foreach (var person in answers.GroupBy(a => a.Person))
            {
                var ordered = person.ToList(); // already in time order, journeys being in time order
                for (var i = 1; i < ordered.Count; i++)
                {
                    if (ordered[i - 1].Subject != ordered[i].Subject)
                    {
                        var key = (ordered[i - 1].Subject, ordered[i].Subject);
                        (changes.TryGetValue(key, out var list) ? list : changes[key] = []).Add(ordered[i].Score - ordered[i - 1].Score);
                    }
                }
            }

            var expected = changes.Where(c => c.Value.Count >= 2 && c.Value.Average() < 0).ToDictionary(c => c.Key, c => (N: (long)c.Value.Count, Mean: c.Value.Average()));
            result.Drops.Count.ShouldBe(Math.Min(20, expected.Count));
            foreach (var d in result.Drops)
            {
                var (n, mean) = expected[(d.From, d.To)];
                d.Persons.ShouldBe(n);
                d.MeanChange.ShouldBe(mean, 1e-9);
            }
        }).QuickCheckThrowOnFailure();
    }
}

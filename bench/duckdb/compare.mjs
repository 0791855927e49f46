// DuckDB doing the equivalent of `journeylens import` + `stats` on the same CSV, timed the same way.
// Usage: node compare.mjs FILE.csv WORKDIR
import { DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const [csv, work] = process.argv.slice(2);
const db = join(work, 'duckdb-peer.duckdb');
rmSync(db, { force: true });
rmSync(db + '.wal', { force: true });

const row = (what, events, seconds) =>
  console.log(`| DuckDB: ${what} | ${events.toLocaleString('en-US')} events | ${seconds.toFixed(2)} s | ${Math.round(events / seconds).toLocaleString('en-US')} events/s |`);

async function timed(fn) {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e9];
}

let instance = await DuckDBInstance.create(db);
let con = await instance.connect();
const [, load] = await timed(() => con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${csv}', header = true, auto_detect = true)`));
const count = Number((await (await con.runAndReadAll('SELECT count(*) FROM events')).getRows())[0][0]);
row('load CSV into a database file', count, load);

// The overview of `journeylens stats`, without identity stitching (DuckDB has none): per-channel events and distinct ids.
const overview = `
  SELECT channel, count(*) AS events, count(DISTINCT coalesce(customer_id, anonymous_id, email, phone)) AS ids,
         min("timestamp") AS first, max("timestamp") AS last, count(DISTINCT touchpoint) AS touchpoints
  FROM events GROUP BY channel ORDER BY events DESC`;
const [, stats] = await timed(() => con.runAndReadAll(overview));
row('overview query (per-channel counts, distinct ids, date range)', count, stats);
con.closeSync?.();
instance.closeSync?.();

const [, reopen] = await timed(async () => {
  instance = await DuckDBInstance.create(db);
  con = await instance.connect();
  return con.runAndReadAll(overview);
});
row('reopen the database and run the overview', count, reopen);

// The same analyses on the engine's journeys (written by the figures step), on a loaded table.
const journeys = join(work, 'journeys.csv');
await con.run(`CREATE OR REPLACE TABLE j AS SELECT * FROM read_csv('${journeys}', header = true, auto_detect = true)`);
const events = Number((await (await con.runAndReadAll('SELECT count(*) FROM j')).getRows())[0][0]);
const processMap = `
  SELECT a, b, count(*) AS frequency, count(DISTINCT journey) AS cases, avg(d) AS mean, median(d) AS median,
         min(d) AS min, max(d) AS max, quantile_cont(d, 0.9) AS p90
  FROM (SELECT journey, touchpoint AS a, lead(touchpoint) OVER w AS b, (lead(ts) OVER w - ts) / 1000.0 AS d
        FROM j WINDOW w AS (PARTITION BY journey ORDER BY seq))
  WHERE b IS NOT NULL GROUP BY a, b`;
const variants = `
  SELECT s, count(*) AS journeys FROM (SELECT journey, string_agg(touchpoint, ' > ' ORDER BY seq) AS s FROM j GROUP BY journey)
  GROUP BY s ORDER BY journeys DESC LIMIT 20`;
const paths = `
  WITH marked AS (SELECT journey, seq, touchpoint, lag(touchpoint) OVER (PARTITION BY journey ORDER BY seq) AS previous FROM j),
       steps AS (SELECT journey, touchpoint, row_number() OVER (PARTITION BY journey ORDER BY seq) AS step
                 FROM marked WHERE previous IS NULL OR previous <> touchpoint)
  SELECT path, count(*) AS journeys
  FROM (SELECT journey, string_agg(touchpoint, ' > ' ORDER BY step) AS path FROM steps WHERE step <= 5 GROUP BY journey)
  GROUP BY path ORDER BY journeys DESC LIMIT 20`;
// Ordered funnel by persons, window 90 days from the first step: each step at the earliest time after the previous
// one (optimal for an ordered funnel whose steps share no touchpoint), the furthest step over all attempts.
const window = 90 * 86400000;
const funnel = `
  WITH s1 AS (SELECT person, ts AS t1 FROM j WHERE touchpoint = 'Searched flights'),
       s2 AS (SELECT s1.person, s1.t1, min(j.ts) AS t2 FROM s1 JOIN j ON j.person = s1.person AND j.touchpoint = 'Booked flight'
              AND j.ts >= s1.t1 AND j.ts <= s1.t1 + ${window} GROUP BY ALL),
       s3 AS (SELECT s2.person FROM s2 JOIN j ON j.person = s2.person AND j.touchpoint IN ('Checked in online', 'Checked in at desk')
              AND j.ts >= s2.t2 AND j.ts <= s2.t1 + ${window})
  SELECT (SELECT count(DISTINCT person) FROM s1), (SELECT count(DISTINCT person) FROM s2), (SELECT count(DISTINCT person) FROM s3)`;
const counts = (await (await con.runAndReadAll(funnel)).getRows())[0].map(Number);
console.log(`| funnel counts (DuckDB) | ${counts.map(c => c.toLocaleString('en-US')).join(' / ')} | | |`);
// Scores per subject: the about touchpoint, else the last event before the answer in the journey that is no answer.
const scores = `
  WITH subj AS (
    SELECT score_type, score, coalesce(about, last_value(CASE WHEN score_type IS NULL THEN touchpoint END IGNORE NULLS)
             OVER (PARTITION BY journey ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS subject
    FROM j)
  SELECT subject, score_type, count(*) AS n,
         100.0 * (avg(CASE WHEN score >= 9 THEN 1 ELSE 0 END) - avg(CASE WHEN score <= 6 THEN 1 ELSE 0 END)) AS nps,
         avg(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS csat, avg(score) AS mean
  FROM subj WHERE score_type IS NOT NULL GROUP BY ALL`;
const npsRow = (await (await con.runAndReadAll(`SELECT n, nps FROM (${scores}) WHERE subject = 'Collected baggage' AND score_type = 'nps'`)).getRows())[0];
console.log(`| NPS about Collected baggage (DuckDB) | ${Number(npsRow[0]).toLocaleString('en-US')} answers | ${Number(npsRow[1]).toFixed(2)} | |`);
// Switching: the channel matrix within 24 h, and failed self-service (a web/app event followed by an assisted contact within 24 h).
const day = 86400000;
const switching = `
  WITH ev AS (SELECT journey, seq, ts, touchpoint, channel,
                     channel IN ('phone','chat','email','e-mail','store') AND touchpoint <> 'Booking confirmation' AS assisted
              FROM j WHERE score_type IS NULL),
       nx AS (SELECT *, lead(channel) OVER w AS next_channel, lead(ts) OVER w AS next_ts,
                     min(CASE WHEN assisted THEN ts END) OVER (PARTITION BY journey ORDER BY seq ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_contact
              FROM ev WINDOW w AS (PARTITION BY journey ORDER BY seq)),
       matrix AS (SELECT channel, next_channel, count(*) AS n FROM nx WHERE next_ts - ts <= ${day} GROUP BY ALL),
       failed AS (SELECT touchpoint, count(*) AS attempts, count(*) FILTER (WHERE next_contact - ts <= ${day}) AS failed
                  FROM nx WHERE channel IN ('web','app') GROUP BY ALL)
  SELECT (SELECT count(*) FROM matrix), (SELECT attempts FROM failed WHERE touchpoint = 'Online check-in failed'), (SELECT failed FROM failed WHERE touchpoint = 'Online check-in failed')`;
const sw = (await (await con.runAndReadAll(switching)).getRows())[0].map(Number);
console.log(`| failed self-service at Online check-in failed (DuckDB) | ${sw[1].toLocaleString('en-US')} attempts | ${sw[2].toLocaleString('en-US')} | |`);
for (const [what, sql] of [['process map', processMap], ['variants', variants], ['paths (5 steps, no Sankey)', paths], ['funnel (3 steps, persons)', funnel],
                           ['scores (per subject)', scores], ['switching (matrix, failed self-service)', switching]]) {
  await con.runAndReadAll(sql); // warm
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const [, seconds] = await timed(() => con.runAndReadAll(sql));
    best = Math.min(best, seconds);
  }
  row(`warm ${what} (same journeys, loaded table)`, events, best);
}

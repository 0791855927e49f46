// DuckDB from a CSV file to a process map: read_csv into an in-memory table, then one SQL statement that stitches
// each event to its customer (one hop from anonymous id, e-mail or phone to the customer id they were seen with),
// cuts journeys at 30 days of inactivity and computes the directly-follows edges — what
// `journeylens process-map --input FILE` answers. Usage: node from-csv.mjs FILE.csv
import { DuckDBInstance } from '@duckdb/node-api';

const [csv] = process.argv.slice(2);
const start = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`CREATE TABLE e AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}', header = true, auto_detect = true)`);
const loaded = seconds();
const processMap = `
  WITH anon AS (SELECT anonymous_id, min(customer_id) AS c FROM e WHERE customer_id IS NOT NULL AND anonymous_id IS NOT NULL GROUP BY 1),
       mail AS (SELECT email, min(customer_id) AS c FROM e WHERE customer_id IS NOT NULL AND email IS NOT NULL GROUP BY 1),
       tel AS (SELECT phone, min(customer_id) AS c FROM e WHERE customer_id IS NOT NULL AND phone IS NOT NULL GROUP BY 1),
       t AS (
         SELECT coalesce('c' || coalesce(e.customer_id, anon.c, mail.c, tel.c), 'a' || e.anonymous_id, 'e' || e.email, 'p' || e.phone) AS person,
                epoch_ms(e."timestamp") AS ts, e.event_id, e.touchpoint
         FROM e LEFT JOIN anon USING (anonymous_id) LEFT JOIN mail USING (email) LEFT JOIN tel USING (phone)),
       cut AS (
         SELECT *, lead(touchpoint) OVER w AS b, lead(ts) OVER w - ts AS d,
                CASE WHEN ts - lag(ts) OVER w > ${30 * 86400000} THEN 1 ELSE 0 END AS brk
         FROM t WINDOW w AS (PARTITION BY person ORDER BY ts, event_id)),
       pairs AS (
         SELECT touchpoint AS a, b, d / 1000.0 AS d, person, sum(brk) OVER (PARTITION BY person ORDER BY ts, event_id ROWS UNBOUNDED PRECEDING) AS journey
         FROM cut)
  SELECT a, b, count(*) AS frequency, count(DISTINCT (person, journey)) AS cases, avg(d) AS mean, median(d) AS median,
         min(d) AS min, max(d) AS max, quantile_cont(d, 0.9) AS p90
  FROM pairs WHERE b IS NOT NULL AND d <= ${30 * 86400} GROUP BY a, b ORDER BY frequency DESC`;
const rows = (await con.runAndReadAll(processMap)).getRows();
const total = seconds();
const events = Number((await (await con.runAndReadAll('SELECT count(*) FROM e')).getRows())[0][0]);
const edges = rows.reduce((sum, r) => sum + Number(r[2]), 0);
console.log(`| DuckDB: from CSV to process map (read_csv, then stitch, cut and directly-follows SQL) | ${events.toLocaleString('en-US')} events | ${total.toFixed(2)} s (read ${loaded.toFixed(2)} s) | ${Math.round(events / total).toLocaleString('en-US')} events/s |`);
console.log(`| process map from CSV (DuckDB): edges, directly-follows pairs, top edge | ${rows.length} / ${edges.toLocaleString('en-US')} / ${rows[0][0]} > ${rows[0][1]} ${Number(rows[0][2]).toLocaleString('en-US')} | | |`);

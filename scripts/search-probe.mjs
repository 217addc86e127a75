#!/usr/bin/env node
// search-probe.mjs: what a reader's browser downloads to search, measured
// in Debian's Chromium (playwright-core from the shared acceptance
// toolkit), on a site served gzip-compressed as static hosts serve it.
//
//   node search-probe.mjs URL INPUT RESULT QUERY1 QUERY2
//
// URL is the search page, INPUT the selector of its text box, RESULT the
// selector of a result link. The page opens with a cold cache, QUERY1 is
// typed, and once results show, the box is cleared and QUERY2 typed.
// Prints one JSON line: bytes and requests for loading the page, for the
// first query (page load included: everything a first search costs) and
// for the second query alone, the first results' hrefs, script errors.
import { createRequire } from 'node:module';

const require = createRequire(process.env.ACC_MODULES ? process.env.ACC_MODULES + '/' : import.meta.url);
const { chromium } = require('playwright-core');

const [url, input, result, q1, q2] = process.argv.slice(2);
if (!q2) { console.error('usage: search-probe.mjs URL INPUT RESULT QUERY1 QUERY2'); process.exit(2); }
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
await ctx.route('**/*', (r) => (r.request().url().startsWith(origin) || r.request().url().startsWith('data:') ? r.continue() : r.abort()));
const page = await ctx.newPage();
let bytes = 0, requests = 0;
const pending = [], files = [];
const errors = [];
page.on('pageerror', (e) => errors.push(String(e.message).split('\n')[0]));
page.on('requestfinished', (req) => pending.push((async () => {
  const s = await req.sizes().catch(() => null);
  const n = s ? s.responseBodySize + s.responseHeadersSize : 0;
  bytes += n; requests++; files.push([new URL(req.url()).pathname, n]);
})()));
const settle = async () => {
  await page.waitForLoadState('networkidle', { timeout: 20000 }).catch(() => {});
  await page.waitForTimeout(500);
  await Promise.all(pending);
};
const snap = () => ({ bytes, requests });
const out = { url };
try {
  await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  await settle();
  out.load = snap();
  await page.fill(input, q1);
  await page.waitForSelector(result, { timeout: 20000 });
  await settle();
  out.first = snap();
  out.firstLinks = await page.$$eval(result, (as) => as.slice(0, 5).map((a) => a.getAttribute('href')));
  const before = snap();
  await page.fill(input, '');
  await page.waitForTimeout(400);
  await page.fill(input, q2);
  await page.waitForFunction(([sel, prev]) => {
    const a = document.querySelector(sel);
    return a && a.getAttribute('href') !== prev;
  }, [result, out.firstLinks[0]], { timeout: 20000 }).catch(() => {});
  await settle();
  out.second = { bytes: bytes - before.bytes, requests: requests - before.requests };
  out.secondLinks = await page.$$eval(result, (as) => as.slice(0, 5).map((a) => a.getAttribute('href')));
} catch (e) {
  errors.push(String(e.message).split('\n')[0]);
}
out.files = files;
out.errors = errors;
await browser.close();
console.log(JSON.stringify(out));
process.exit(errors.length ? 1 : 0);

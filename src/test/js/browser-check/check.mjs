// Loads a page in Debian's headless Chromium, waits until the given element shows a number,
// fails on any console error or failed request, counts the videos it could read, and takes a screenshot.
//   node check.mjs <url> <selector that must show a number> <screenshot.png>
// Prints a JSON summary; exits non-zero when the page is not right.
import { chromium } from 'playwright-core';

const [url, selector, screenshot] = process.argv.slice(2);
if (!url || !selector || !screenshot) {
  console.error('usage: node check.mjs <url> <selector> <screenshot.png>');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', message => { if (message.type() === 'error') problems.push('console: ' + message.text()); });
  page.on('pageerror', error => problems.push('page error: ' + error.message));
  page.on('requestfailed', request => problems.push('request failed: ' + request.url()));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(sel => /\d/.test(document.querySelector(sel)?.textContent ?? ''), selector,
      { timeout: 20000 });
  // Two more refreshes, so the page has shown live updates, then the picture.
  const seen = await page.evaluate(() => Number(document.body.dataset.refreshes || 0));
  await page.waitForFunction(n => Number(document.body.dataset.refreshes || 0) >= n + 2, seen, { timeout: 20000 });
  const shown = await page.textContent(selector);
  // Videos on the page: how many, and how many the browser could read (metadata decoded).
  await page.waitForFunction(() => [...document.querySelectorAll('video')].every(v => v.readyState >= 1 || v.error),
      null, { timeout: 10000 }).catch(() => {});
  const videos = await page.evaluate(() => {
    const all = [...document.querySelectorAll('video')];
    return { count: all.length, readable: all.filter(v => v.readyState >= 1 && v.videoWidth > 0).length };
  });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ shown: shown.trim(), title: await page.title(), videos, problems }));
} finally {
  await browser.close();
}
process.exit(problems.length === 0 ? 0 : 1);

// Logs into the Thor console (Spring form login), opens Hawtio's Camel routes view and checks that every route
// id given on the command line is listed; saves a screenshot. Run through ops/check-console.sh.
// usage: node check-console.js <base-url> <out.png> <route-id>...   (password in THOR_OPERATOR_PASSWORD)
const { chromium } = require('playwright-core');

(async () => {
  const [base, out, ...ids] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(base + '/actuator/hawtio/');
    await page.fill('input[name=username]', process.env.THOR_OPERATOR_USER || 'operator');
    await page.fill('input[name=password]', process.env.THOR_OPERATOR_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.goto(base + '/actuator/hawtio/camel/routes');
    let missing = ids;
    for (let i = 0; i < 30 && missing.length > 0; i++) { // the console loads its tree over Jolokia
      await page.waitForTimeout(1000);
      const text = await page.innerText('body');
      missing = ids.filter(id => !text.includes(id));
    }
    await page.screenshot({ path: out });
    console.log(`console: ${ids.length - missing.length} of ${ids.length} routes listed; screenshot ${out}`);
    if (missing.length > 0) {
      console.error('missing from the console: ' + missing.join(', '));
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e.message); process.exit(2); });

// The browser benchmark behind `make bench-web` (not a test): loads the home page, a search and
// a chef page the way a visitor on a mid-range phone and a slow connection would, cold (empty
// cache) and warm (a second visit), and prints the bytes each load transferred and the time until
// the page answered a click (it had hydrated). Throttling goes through the Chrome DevTools
// Protocol: 4x slower CPU, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips.
//
//   node end2end/bench-web.mjs <base-url> [runs]
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3300", runsArg = "3"] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg));

const THROTTLING = {
  cpuSlowdown: 4,
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8) | 0,
    uploadThroughput: (750e3 / 8) | 0,
  },
};

const chefs = await (await fetch(`${base}/api/v1/chefs?per_page=1`)).json();
if (!chefs.items?.length) throw new Error(`no chefs at ${base}: seed the database first`);
const chefId = chefs.items[0].id;

// Each page and the control that proves it is live: a click whose answer only hydrated code gives.
const PAGES = [
  {
    name: "/",
    path: "/",
    respond: async (page) => {
      const toggle = page.getByTestId("menu-toggle");
      await toggle.dispatchEvent("click");
      await page.waitForSelector('[data-testid="menu-toggle"][aria-expanded="true"]');
    },
  },
  {
    name: "/search",
    path: "/search?city=Paris",
    respond: async (page) => {
      await page.getByTestId("search-sort").selectOption("price");
      await page.waitForURL(/sort=price/);
    },
  },
  {
    name: "/chefs/{id}",
    path: `/chefs/${chefId}`,
    respond: async (page) => {
      await page.getByTestId("quote-builder").getByTestId("quote-dish").first().check();
      await page.getByTestId("quote-total").waitFor();
    },
  },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
});

/** One visit in `context`: bytes over the wire (headers and bodies, as sent) and milliseconds
 * from the start of navigation until the page's control answered. */
async function visit(context, target) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", THROTTLING.network);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLING.cpuSlowdown });
  const bytes = { total: 0, wasm: 0, requests: 0 };
  const types = new Map();
  cdp.on("Network.responseReceived", (event) => types.set(event.requestId, event.response.mimeType));
  cdp.on("Network.loadingFinished", (event) => {
    bytes.requests += 1;
    bytes.total += event.encodedDataLength;
    if (types.get(event.requestId) === "application/wasm") bytes.wasm += event.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(`${base}${target.path}`, { waitUntil: "commit" });
  await page.waitForSelector("body[data-hydrated=true]", { timeout: 120_000 });
  const hydratedMs = Date.now() - started;
  await target.respond(page);
  const interactiveMs = Date.now() - started;
  // Requests the page makes after it answered (lazy images) still count as its first visit.
  await page.waitForLoadState("networkidle");
  await page.close();
  return { ...bytes, hydratedMs, interactiveMs };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

console.log(
  `browser benchmark at ${base}: ${THROTTLING.cpuSlowdown}x CPU slowdown, ` +
    `${(THROTTLING.network.downloadThroughput * 8) / 1e6} Mbit/s down, ${THROTTLING.network.latency} ms RTT; ` +
    `median of ${runs} runs`,
);
console.log("page          visit  transferred  of it WASM  requests  hydrated  interactive");
for (const target of PAGES) {
  const cold = [];
  const warm = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    cold.push(await visit(context, target));
    warm.push(await visit(context, target));
    await context.close();
  }
  for (const [label, results] of [["cold", cold], ["warm", warm]]) {
    const pick = (key) => median(results.map((result) => result[key]));
    console.log(
      `${target.name.padEnd(13)} ${label.padEnd(6)} ${kb(pick("total")).padStart(11)} ${kb(pick("wasm")).padStart(11)} ` +
        `${String(pick("requests")).padStart(9)} ${`${pick("hydratedMs")} ms`.padStart(9)} ${`${pick("interactiveMs")} ms`.padStart(12)}`,
    );
  }
}
await browser.close();

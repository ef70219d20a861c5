import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium where it is installed (these machines cannot download Playwright's own).
const executablePath = process.env.CHROMIUM_PATH || undefined;
const port = Number(process.env.E2E_PORT || 3100);
const database = "target/e2e/chef-galaxy.db";
// The Stripe checkout runs against a second server configured for Stripe (tests/stripe.spec.ts).
const stripePort = Number(process.env.E2E_STRIPE_PORT || 3101);
const stripeApiPort = Number(process.env.E2E_STRIPE_API_PORT || 3198);
// Map tiles come from a local stand-in: the tests need no network.
const tilePort = Number(process.env.E2E_TILE_PORT || 3197);
const tiles = {
  MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
  MAP_TILE_ATTRIBUTION: "Test tiles",
};
// The release server, wherever cargo builds (CI may point CARGO_TARGET_DIR at a cache).
const server = `${process.env.CARGO_TARGET_DIR || "target"}/release/server`;

const launchOptions = {
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 900 }, launchOptions },
    },
    // A phone-sized screen: the booking, social and knowledge journeys and the tour of every page
    // again at 390 px.
    {
      name: "mobile",
      testMatch: ["booking.spec.ts", "tour.spec.ts", "social.spec.ts", "knowledge.spec.ts"],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        launchOptions,
      },
    },
  ],
  webServer: [
    // The release server on a fresh SQLite file with the demo data (seeding indexes it).
    {
      cwd: "..",
      command: `rm -rf target/e2e && ${server} seed && exec ${server} serve`,
      url: `http://127.0.0.1:${port}/readyz`,
      // Seeding paints and stores ~900 photos and replays ~200 past dinners: about a minute.
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATABASE_URL: `sqlite://${database}?mode=rwc`,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: "target/site",
        LEPTOS_ENV: "PROD",
        MEDIA_DIR: "target/e2e/media",
        SEARCH_DIR: "target/e2e/search",
        RUST_LOG: "warn",
        // Every test signs people up from 127.0.0.1.
        SIGNUPS_PER_ADDRESS_PER_HOUR: "100000",
        // The booking journey moves the platform's clock past an event (POST /api/v1/test/clock).
        TEST_CLOCK: "1",
        ...tiles,
      },
    },
    {
      command: "node fixtures/tile-stand-in.mjs",
      url: `http://127.0.0.1:${tilePort}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { TILE_STAND_IN_PORT: String(tilePort) },
    },
    // A stand-in for api.stripe.com, and a second server taking payments through it.
    {
      command: "node fixtures/stripe-api-stand-in.mjs",
      url: `http://127.0.0.1:${stripeApiPort}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { STRIPE_STAND_IN_PORT: String(stripeApiPort) },
    },
    {
      cwd: "..",
      command: `rm -rf target/e2e-stripe && exec ${server} serve`,
      url: `http://127.0.0.1:${stripePort}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATABASE_URL: "sqlite://target/e2e-stripe/chef-galaxy.db?mode=rwc",
        LEPTOS_SITE_ADDR: `127.0.0.1:${stripePort}`,
        LEPTOS_SITE_ROOT: "target/site",
        LEPTOS_ENV: "PROD",
        MEDIA_DIR: "target/e2e-stripe/media",
        SEARCH_DIR: "target/e2e-stripe/search",
        RUST_LOG: "warn",
        STRIPE_SECRET_KEY: "sk_test_chef_galaxy_e2e",
        STRIPE_PUBLISHABLE_KEY: "pk_test_chef_galaxy_e2e",
        STRIPE_API_BASE: `http://127.0.0.1:${stripeApiPort}`,
        ...tiles,
      },
    },
  ],
});

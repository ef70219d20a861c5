import AxeBuilder from "@axe-core/playwright";
import { expect, Page, TestInfo } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Where the suite leaves its screenshots for a reviewer: end2end/test-results/screens. */
const SCREENS = path.join(__dirname, "..", "..", "test-results", "screens");

/**
 * What every page must hold for the people using it: it never scrolls sideways (at 390 px
 * on the mobile project), and axe-core finds no serious or critical accessibility problem.
 */
export async function expectUsable(page: Page, what: string) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }));
  expect(widths.page, `${what} is wider than the screen`).toBeLessThanOrEqual(widths.screen);
  const audit = await new AxeBuilder({ page }).analyze();
  const blocking = audit.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ");
      return `${violation.id} (${violation.impact}): ${violation.help} at ${where}`;
    });
  expect(blocking, `accessibility of ${what}`).toEqual([]);
}

/** A full-page screenshot named after the project (desktop or mobile) and the page. */
export async function saveScreen(page: Page, testInfo: TestInfo, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${testInfo.project.name}-${name}.png`), fullPage: true });
}

/** Opens a page as its users would, waits until it is live, and checks it is usable. */
export async function visit(page: Page, url: string, what = url) {
  const response = await page.goto(url);
  expect(response?.status(), `${what} answers`).toBeLessThan(400);
  await waitForHydration(page);
  await expectUsable(page, what);
}

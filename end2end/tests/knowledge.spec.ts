import { expect, Page, test } from "@playwright/test";
import { lisbonChefWithOneDish, signUp } from "./support/accounts";
import { saveScreen, visit } from "./support/pages";

/** The bell's unread count (0 when it shows none). */
async function unread(page: Page) {
  const badge = page.getByTestId("unread-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("a customer asks a chef from their page, the chef answers live, and the accepted answer earns reputation beside the verified-chef record", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const stamp = `${Date.now() % 1_000_000}${testInfo.project.name === "mobile" ? "m" : "d"}`;
  const chefName = `Chef Rita ${stamp}`;
  const customerName = `Marta Asks ${stamp}`;

  const chef = await browser.newContext();
  const chefId = await lisbonChefWithOneDish(chef.request, `rita.${stamp}@example.com`, chefName, "Arroz de pato");
  const customer = await browser.newContext();
  await signUp(customer.request, `marta.${stamp}@example.com`, customerName, false);

  // The chef is somewhere else on the site; their bell is live.
  const chefPage = await chef.newPage();
  await visit(chefPage, "/knowledge", "the knowledge section");
  await expect(chefPage.getByTestId("question-row").first()).toBeVisible();
  await saveScreen(chefPage, testInfo, "knowledge");
  const unreadBefore = await unread(chefPage);

  // The customer opens the chef's page and asks them; a similar seeded question shows while she types.
  const page = await customer.newPage();
  await visit(page, `/chefs/${chefId}`, "the chef's page");
  await page.getByTestId("ask-chef").click();
  await expect(page).toHaveURL(new RegExp(`/knowledge/ask\\?chef=${chefId}$`));
  await expect(page.getByTestId("ask-heading")).toHaveText(`Ask ${chefName}`);
  const title = page.getByTestId("question-title-input");
  await title.pressSequentially("Can I make risotto a day ahead", { delay: 20 });
  const similar = page.getByTestId("similar-questions");
  await expect(similar).toBeVisible();
  await expect(similar.getByTestId("similar-question").first()).toContainText(/risotto/i);
  await saveScreen(page, testInfo, "knowledge-ask");

  // She asks anyway, with her own details and two tags.
  await title.pressSequentially(` for my birthday dinner (${stamp})?`, { delay: 5 });
  await page.getByTestId("question-body-input").fill("Twelve guests on Saturday. I'd rather sit with them than stir for twenty minutes: what can I prepare the day before?");
  await page.getByTestId("question-tags-input").fill("italian, #hosting");
  // A photo of her last attempt goes with it, described for people who cannot see it.
  const lastAttempt = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } });
  await page.getByTestId("question-photos").setInputFiles({ name: "risotto.png", mimeType: "image/png", buffer: lastAttempt });
  await page.getByTestId("question-alt").fill("Last time's risotto, gluey");
  await saveScreen(page, testInfo, "knowledge-ask-photo");
  await page.getByTestId("submit-question").click();
  await expect(page).toHaveURL(/\/knowledge\/q\/\d+$/);
  const questionUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("question-heading")).toContainText(stamp);
  await expect(page.getByTestId("asked-of")).toContainText(chefName);
  await expect(page.getByTestId("question").locator(".tag-link")).toHaveText(["#hosting", "#italian"]);
  await expect(page.getByTestId("answer-count")).toHaveText("No answers yet");
  await expect(page.getByTestId("question").getByTestId("post-photo")).toHaveAttribute("alt", "Last time's risotto, gluey");

  // The chef's bell counts the question without a reload; the notification leads to it.
  await expect(chefPage.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1), { timeout: 15_000 });
  await chefPage.getByTestId("bell").click();
  await expect(chefPage.getByTestId("feed")).toContainText(customerName);
  await visit(chefPage, questionUrl, "the question, for the chef");
  await chefPage.getByTestId("answer-text").fill("Yes: cook the rice two thirds of the way, spread it on a tray to cool fast, and keep it in the fridge. On the night, finish it with hot stock for six minutes and beat in the butter and parmesan at the end.");
  await chefPage.getByTestId("post-answer").click();
  await expect(chefPage.getByTestId("answer")).toHaveCount(1);

  // The answer appears on the customer's open page without a reload, with the chef's record.
  const answer = page.getByTestId("answer");
  await expect(answer).toHaveCount(1, { timeout: 15_000 });
  await expect(answer.getByTestId("answer-body")).toContainText("two thirds of the way");
  await expect(answer.getByTestId("verified-chef")).toContainText("Verified chef");
  await expect(answer.getByTestId("verified-tier")).not.toBeEmpty();
  await expect(answer.getByTestId("book-answerer")).toHaveAttribute("href", `/chefs/${chefId}`);
  await expect(answer.getByTestId("author-reputation")).toHaveText("1 reputation");

  // She votes it up and accepts it: the chef's reputation moves by the published points.
  await answer.getByTestId("vote-up").click();
  await expect(answer.getByTestId("score")).toHaveText("1");
  await answer.getByTestId("accept-answer").click();
  await expect(answer.getByTestId("accepted")).toBeVisible();
  await expect(answer.getByTestId("author-reputation")).toHaveText("26 reputation");
  await saveScreen(page, testInfo, "knowledge-question");
  const report = await (await customer.request.get(`/api/v1/users/${chefId}/reputation`)).json();
  expect(report.total).toBe(26);

  // The chef sees the acceptance arrive on their open page, and it is in their notifications.
  await expect(chefPage.getByTestId("accepted")).toBeVisible({ timeout: 15_000 });
  await expect(chefPage.getByTestId("answer").getByTestId("score")).toHaveText("1");

  // The question is listed under its tag, and the reputation rules read from the same numbers.
  await visit(page, "/knowledge/t/italian", "the tag's questions");
  await expect(page.getByTestId("question-row").filter({ hasText: stamp })).toBeVisible();
  await visit(page, "/knowledge/reputation", "the reputation rules");
  await expect(page.getByTestId("privileges")).toContainText("125");
  await expect(page.getByTestId("your-reputation")).toContainText("Your reputation: 3");
  await saveScreen(page, testInfo, "knowledge-reputation");

  // The search page's Knowledge tab finds it by a word of its answer once it is indexed.
  await expect.poll(async () => {
    await visit(page, `/search/questions?q=${encodeURIComponent("parmesan " + stamp)}`, "the Knowledge tab");
    return page.getByTestId("question-row").filter({ hasText: stamp }).count();
  }, { timeout: 30_000 }).toBe(1);
  await saveScreen(page, testInfo, "search-knowledge");
});

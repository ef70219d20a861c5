import { APIRequestContext, expect } from "@playwright/test";

export const PASSWORD = "saffron-risotto-42";

/** Signs a person up through the API; the request context keeps their session. */
export async function signUp(request: APIRequestContext, email: string, name: string, asChef: boolean) {
  const response = await request.post("/api/v1/auth/signup", {
    data: { email, password: PASSWORD, display_name: name, as_chef: asChef },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).id as number;
}

/**
 * A Lisbon chef (signed up in `request`) with a profile, one dish, noon-to-23:00 hours every
 * day, and a stored rank, so the chef's page prices with the rank a booking is charged with.
 */
export async function lisbonChefWithOneDish(request: APIRequestContext, email: string, name: string, dish: string) {
  const chefId = await signUp(request, email, name, true);
  expect((await request.put(`/api/v1/chefs/${chefId}/profile`, {
    data: {
      headline: "Seasonal Portuguese cooking for birthdays", bio: "Twelve years between Lisbon and Porto kitchens.",
      years_experience: 12, education: [], certifications: [], languages: [{ language: "Portuguese", proficiency: "native" }],
      cuisines: ["Portuguese"], city: "Lisbon", lat: 38.72, lng: -9.14,
      service_radius_km: 40, base_rate_minor: 6500, min_guests: 2, max_guests: 60,
    },
  })).status()).toBe(200);
  expect((await request.post(`/api/v1/chefs/${chefId}/dishes`, {
    data: {
      name: dish, course: "main", ingredients: ["duck", "rice", "chouriço"], dietary: [], allergens: ["celery"],
      price_per_guest_minor: 2400, min_guests: 2, prep_minutes: 60,
    },
  })).status()).toBe(201);
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: "12:00", ends: "23:00" }));
  expect((await request.put(`/api/v1/chefs/${chefId}/weekly-hours`, { data: everyDay })).status()).toBe(200);
  await expect.poll(async () => (await (await request.get(`/api/v1/chefs/${chefId}`)).json()).rank, { timeout: 20_000 })
    .not.toBeNull();
  return chefId;
}

/** The platform's "now" (a test clock the booking journeys move), `days` ahead, as YYYY-MM-DD. */
export async function platformDay(request: APIRequestContext, days: number) {
  const clock = await (await request.post("/api/v1/test/clock", { data: { hours: 0 } })).json();
  return new Date(new Date(clock.now).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

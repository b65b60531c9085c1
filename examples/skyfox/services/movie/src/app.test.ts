import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE, createApp } from "./app.js";

const server = createApp({ servedBy: "test" });
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("movie service", () => {
  it("answers its health check at /mshealth", async () => {
    expect((await fetch(`${base}/mshealth`)).status).toBe(200);
  });

  it("lists and filters movies under /movie-service", async () => {
    const all = (await (await fetch(`${base}/movie-service/movies`)).json()) as { movies: unknown[] };
    expect(all.movies).toHaveLength(CATALOGUE.length);
    const hi = (await (await fetch(`${base}/movie-service/movies?language=hi`)).json()) as { movies: { title: string }[] };
    expect(hi.movies.map((m) => m.title)).toEqual(["Dangal"]);
  });

  it("finds one movie, 404s an unknown one and paths outside its prefix", async () => {
    expect(await (await fetch(`${base}/movie-service/movies/tt1375666`)).json()).toMatchObject({ title: "Inception" });
    expect((await fetch(`${base}/movie-service/movies/tt0000000`)).status).toBe(404);
    expect((await fetch(`${base}/movies`)).status).toBe(404);
  });

  it("is read-only", async () => {
    expect((await fetch(`${base}/movie-service/movies`, { method: "POST", body: "{}" })).status).toBe(405);
  });
});

/**
 * SkyFox movie service: a read-only catalogue under `/movie-service/…` (the internal ALB forwards the full
 * path) with its health check at `/mshealth`.
 */
import { createServer, type Server } from "node:http";
import { HttpError, sendJson } from "./http.js";

export const PREFIX = "/movie-service";

export interface Movie {
  readonly id: string;
  readonly title: string;
  readonly durationMinutes: number;
  readonly language: string;
}

export const CATALOGUE: readonly Movie[] = [
  { id: "tt0111161", title: "The Shawshank Redemption", durationMinutes: 142, language: "en" },
  { id: "tt0468569", title: "The Dark Knight", durationMinutes: 152, language: "en" },
  { id: "tt1375666", title: "Inception", durationMinutes: 148, language: "en" },
  { id: "tt5074352", title: "Dangal", durationMinutes: 161, language: "hi" },
];

export function createApp(opts: { servedBy?: string; movies?: readonly Movie[] } = {}): Server {
  const movies = opts.movies ?? CATALOGUE;
  const servedBy = { "x-served-by": opts.servedBy ?? `movie:${process.pid}` };
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method !== "GET") throw new HttpError(405, `${req.method} is not allowed; the catalogue is read-only`);
      if (url.pathname === "/mshealth") return sendJson(res, 200, { status: "UP" }, servedBy);
      if (!url.pathname.startsWith(`${PREFIX}/`)) throw new HttpError(404, `no route for ${url.pathname}`);
      const sub = url.pathname.slice(PREFIX.length);
      if (sub === "/movies-service") return sendJson(res, 200, { service: "movie", status: "UP", movies: movies.length }, servedBy);
      if (sub === "/movies") {
        const language = url.searchParams.get("language");
        return sendJson(res, 200, { movies: language ? movies.filter((m) => m.language === language) : movies }, servedBy);
      }
      const m = /^\/movies\/(\w+)$/.exec(sub);
      if (m) {
        const movie = movies.find((x) => x.id === m[1]);
        if (!movie) throw new HttpError(404, `movie ${m[1]} not found`);
        return sendJson(res, 200, movie, servedBy);
      }
      throw new HttpError(404, `no route for ${url.pathname}`);
    } catch (e) {
      sendJson(res, e instanceof HttpError ? e.status : 500, { error: e instanceof HttpError ? e.message : "internal error" }, servedBy);
    }
  });
}

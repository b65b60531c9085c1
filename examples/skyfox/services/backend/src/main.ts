/** Entry point: PORT (default 8080), PAYMENT_SERVICE_URL and MOVIE_SERVICE_URL from the environment. */
import { configFromEnv, createApp } from "./app.js";
import { listen } from "./http.js";

const port = Number(process.env.PORT ?? 8080);
listen(createApp({ ...configFromEnv(process.env), servedBy: `backend:${port}` }), port, "backend");

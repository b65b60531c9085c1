/** Entry point: PORT (default 4567) from the environment. */
import { createApp } from "./app.js";
import { listen } from "./http.js";

const port = Number(process.env.PORT ?? 4567);
listen(createApp({ servedBy: `movie:${port}` }), port, "movie-service");

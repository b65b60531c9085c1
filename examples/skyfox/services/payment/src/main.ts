/** Entry point: PORT (default 8082) from the environment. */
import { createApp } from "./app.js";
import { listen } from "./http.js";

const port = Number(process.env.PORT ?? 8082);
listen(createApp({ servedBy: `payment:${port}` }), port, "payment-service");

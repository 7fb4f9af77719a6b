import "@fontsource/be-vietnam-pro/vietnamese-400.css";
import "@fontsource/be-vietnam-pro/latin-400.css";
import "@fontsource/be-vietnam-pro/vietnamese-500.css";
import "@fontsource/be-vietnam-pro/latin-500.css";
import "@fontsource/be-vietnam-pro/vietnamese-600.css";
import "@fontsource/be-vietnam-pro/latin-600.css";
import "./styles.css";

import { render } from "preact";

import { App } from "./app";
import { tauriBackend } from "./backend";

const root = document.getElementById("app");
if (root) render(<App backend={tauriBackend} />, root);

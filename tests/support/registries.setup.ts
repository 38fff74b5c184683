/** Every test file's process knows all case kinds and attachment policies, as the server does from its start. */
import { installRegistries } from "~/registries.server";

installRegistries();

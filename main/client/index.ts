// Placeholder for `latchkey/client`: the typed client lands here.
export {};

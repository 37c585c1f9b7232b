// Placeholder for `latchkey/testing`: startTestServer lands here.
export {};

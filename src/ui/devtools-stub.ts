// Stand-in for `react-devtools-core`, which Ink imports only when DEV=true and which is not a
// dependency: tsup.config.ts aliases it here so the bundle resolves. Devtools stay off.
export default {
  initialize(): void {},
  connectToDevTools(): void {},
};

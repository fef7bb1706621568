// Modules that build-time plugins write into .docusaurus/ (webpack resolves them via @generated).
declare module '@generated/lab-sessions/default/loaders.js' {
  const loaders: Record<string, () => Promise<{default: unknown}>>;
  export default loaders;
}

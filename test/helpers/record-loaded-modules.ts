// Preloaded with --import into a spawned CLI: at exit, writes the builtins Node loaded (one per
// line, from the undocumented process.moduleLoadList) to $LATCHKEY_TEST_LOADED_MODULES.
// getBuiltinModule, so that recording loads nothing itself.
const file = process.env.LATCHKEY_TEST_LOADED_MODULES;
if (file) {
  const { writeFileSync } = process.getBuiltinModule('node:fs');
  const { moduleLoadList } = process as unknown as { moduleLoadList: string[] };
  process.on('exit', () => writeFileSync(file, moduleLoadList.join('\n')));
}

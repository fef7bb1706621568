import {readdirSync, readFileSync} from 'node:fs';
import {basename, join, relative} from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {checkYamlLabFile, LabDataError} from '../labs/check-lab-file';
import type {LabContext} from '../labs/lab-context';

/**
 * Reads the lab contexts in labs/contexts/, fails the build on a malformed one (file,
 * line and field), and hands them to the YAML labs as plugin data.
 */
export default function labContexts(context: LoadContext): Plugin {
  const directory = join(context.siteDir, 'labs', 'contexts');
  const schema = JSON.parse(readFileSync(join(context.siteDir, 'schemas', 'labs', 'context.schema.json'), 'utf8')) as object;
  return {
    name: 'lab-contexts',
    getPathsToWatch: () => [join(directory, '*.yaml')],
    async loadContent() {
      const contexts: Record<string, LabContext> = {};
      const files = readdirSync(directory).filter((file) => /\.ya?ml$/.test(file)).sort();
      const failures: string[] = [];
      for (const file of files) {
        const path = join(directory, file);
        const shown = relative(context.siteDir, path);
        try {
          const lab = checkYamlLabFile(shown, readFileSync(path, 'utf8'), schema) as LabContext;
          const expected = basename(file).replace(/\.ya?ml$/, '');
          if (lab.name !== expected) throw new LabDataError(`${shown}: name "${lab.name}" must match the file name "${expected}"`);
          contexts[lab.name] = lab;
        } catch (error) {
          failures.push(error instanceof LabDataError ? error.message : `${shown}: ${String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(`Malformed lab context file(s):\n${failures.join('\n')}`);
      return contexts;
    },
    async contentLoaded({content, actions}) {
      actions.setGlobalData(content);
    },
  };
}

/** A typed line answered from a model in namespace default, as the session's terminal answers it: the printed text, or the gap's reason. */
import {printFromModel} from '../../../../src/terminal/printers/index';
import type {StateModel} from '../../../../src/terminal/printers/model';

export const print = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);

export const text = (line: string, model: StateModel): string => {
  const printed = print(line, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

export const gap = (line: string, model: StateModel): string => {
  const printed = print(line, model);
  if (printed?.kind !== 'gap') throw new Error(`not a gap: ${JSON.stringify(printed)}`);
  return printed.reason;
};

export {runRecord, parseRecordArgs, RECORD_USAGE} from './cli';
export {Redactor, findSensitive} from './redact';
export {runInShell} from './run-command';
export {appendRecording, currentState} from './session-files';

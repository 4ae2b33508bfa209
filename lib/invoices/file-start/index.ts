export { type FileStartKind, fileStartKind, startsAsPdf } from './file-start-kind.ts';

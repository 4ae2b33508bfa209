export {
  type FileStartKind,
  fileStartKind,
  type ImageKind,
  startsAsImage,
  startsAsPdf,
} from './file-start-kind.ts';

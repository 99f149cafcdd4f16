/** Plain words for the file-system errors an operator can act on. */
export function fsReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOENT':
      return 'it does not exist';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

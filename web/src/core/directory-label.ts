/**
 * How a list shows the directory an environment was started in: with the user's home folder as "~", the
 * way a shell prompt shows it. The device cannot know the computer's home, so it takes the conventional
 * ones: `/home/NAME`, `/Users/NAME`, `/root` and `C:\Users\NAME`.
 */
const HOME = /^(?:\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\\Users\\[^\\]+)(?=[/\\]|$)/;

export function directoryLabel(directory: string): string {
  return directory.replace(HOME, "~");
}

package org.inotifyjfr.agent.watch;

/** Passes everything on to {@code next}: tests override what they watch or change. */
class ForwardingActivity implements FileActivity {
    final FileActivity next;

    ForwardingActivity(FileActivity next) {
        this.next = next;
    }

    @Override
    public boolean wants(Kind kind) {
        return next.wants(kind);
    }

    @Override
    public void file(Kind kind, String path, boolean directory) {
        next.file(kind, path, directory);
    }

    @Override
    public void created(String path, boolean directory, boolean scanned) {
        next.created(path, directory, scanned);
    }

    @Override
    public void moved(String oldPath, String path, boolean directory, int cookie) {
        next.moved(oldPath, path, directory, cookie);
    }

    @Override
    public void rootRelinked(String root, String target, String before) {
        next.rootRelinked(root, target, before);
    }

    @Override
    public void uncovered(String path) {
        next.uncovered(path);
    }

    @Override
    public void mounted(String mountPoint, String path) {
        next.mounted(mountPoint, path);
    }

    @Override
    public void watchedAgain(String path) {
        next.watchedAgain(path);
    }

    @Override
    public void overflowed(long overflows, long queueLimit, String action) {
        next.overflowed(overflows, queueLimit, action);
    }

    @Override
    public void watchFailed(String path, String errno, String message) {
        next.watchFailed(path, errno, message);
    }

    @Override
    public void stopped(String paths, String cause, String message) {
        next.stopped(paths, cause, message);
    }

    @Override
    public void rootsChanged(java.util.List<String> roots) {
        next.rootsChanged(roots);
    }

    @Override
    public void rootWatched(String path) {
        next.rootWatched(path);
    }
}

// Package watch reports changes to a site's sources (content/, layouts/, static/ and warta.yaml) as debounced batches of site-relative paths.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/warta-portal/warta/internal/source"
)

// DefaultDebounce is the quiet time that ends a burst of events: long
// enough to fold an editor's write-temp-then-rename save into one batch,
// short enough that the editor does not notice it.
const DefaultDebounce = 60 * time.Millisecond

// Everything is the batch entry that stands for "the whole site may have
// changed", sent when the kernel's event queue overflowed.
const Everything = "."

// trees are the folders watched with everything inside them; of the
// other names at the site root only warta.yaml matters.
func trees() []string { return []string{"content", "layouts", "static"} }

const configFile = "warta.yaml"

// Options configure a Watcher.
type Options struct {
	Root     string        // the site folder
	Debounce time.Duration // quiet time that ends a burst; 0 means DefaultDebounce
	// OnError receives errors of the underlying watcher (for example too
	// many folders for the system's inotify limit). Nil ignores them.
	OnError func(error)
}

// Watcher watches a site folder. Its Changes channel delivers one sorted,
// de-duplicated batch of site-relative slash paths per burst of events;
// while nobody receives, further events are folded into the pending batch,
// so a slow consumer sees one batch, never a queue of stale ones.
type Watcher struct {
	root string
	// linked maps each tree that resolves elsewhere (a symbolic link, say
	// content -> /data/konten) to its resolved folder, which is what is
	// watched: the build reads through links, but WalkDir does not follow
	// them and events name the resolved paths. Set by resync, read by the
	// loop that calls it.
	linked   map[string]string
	debounce time.Duration
	onError  func(error)
	fsw      *fsnotify.Watcher
	changes  chan []string
	done     chan struct{}
	stopped  chan struct{}
	close    sync.Once
}

// New starts watching o.Root. Folders created later are watched too, and a
// renamed folder is followed under its new name.
func New(o Options) (*Watcher, error) {
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, &fs.PathError{Op: "watch", Path: o.Root, Err: errors.New("not a folder")}
	}
	fsw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root:     root,
		debounce: o.Debounce,
		onError:  o.OnError,
		fsw:      fsw,
		changes:  make(chan []string),
		done:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	if w.debounce <= 0 {
		w.debounce = DefaultDebounce
	}
	if w.onError == nil {
		w.onError = func(error) {}
	}
	if err := w.resync(); err != nil {
		fsw.Close()
		return nil, err
	}
	go w.loop()
	return w, nil
}

// Changes delivers batches of changed paths; it is closed by Close.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Close stops watching and closes the Changes channel.
func (w *Watcher) Close() error {
	var err error
	w.close.Do(func() {
		close(w.done)
		err = w.fsw.Close()
		<-w.stopped
	})
	return err
}

// loop folds events into batches: a batch is ready after a quiet period
// (or after ten of them when events never stop), and is handed over
// whenever the consumer is ready.
func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.changes)
	var (
		pending    = map[string]bool{}
		born       = map[string]bool{} // pending paths whose first event in the burst made them
		resync     bool
		quiet      = time.NewTimer(time.Hour)
		first      time.Time // when the pending burst began
		ready      []string
		out        chan []string // non-nil only while a batch is ready
		maxLatency = 10 * w.debounce
	)
	quiet.Stop()
	// unready takes back a batch nobody received yet, so that what comes
	// next joins it and waits for quiet again.
	unready := func() {
		for _, p := range ready {
			pending[p] = true
		}
		ready, out = nil, nil
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel, isDirEvent, ok := w.relevant(ev)
			if !ok {
				continue
			}
			if isDirEvent {
				resync = true
			}
			if len(pending) == 0 {
				first = time.Now()
			}
			if !pending[rel] && !slices.Contains(ready, rel) && ev.Has(fsnotify.Create) {
				born[rel] = true
			}
			pending[rel] = true
			unready()
			wait := w.debounce
			if left := maxLatency - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			quiet.Reset(wait)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: rebuild everything and re-learn the folders.
				if len(pending) == 0 {
					first = time.Now()
				}
				pending[Everything] = true
				unready()
				resync = true
				quiet.Reset(w.debounce)
			}
			w.onError(err)
		case <-quiet.C:
			if len(pending) == 0 {
				continue
			}
			if resync {
				if err := w.resync(); err != nil {
					w.onError(err)
				}
				resync = false
			}
			for p := range pending {
				if born[p] && w.gone(p) {
					// Made and gone within the burst: a temporary file
					// of any name (sed -i's sedXXXXXX, an editor's save
					// through a temporary renamed over the file), which
					// changed nothing a build reads.
					continue
				}
				ready = append(ready, p)
			}
			slices.Sort(ready)
			clear(pending)
			clear(born)
			if len(ready) == 0 {
				continue
			}
			out = w.changes
		case out <- ready:
			ready, out = nil, nil
		}
	}
}

// gone reports whether nothing stands at the site-relative path rel now.
func (w *Watcher) gone(rel string) bool {
	_, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(rel)))
	return errors.Is(err, fs.ErrNotExist)
}

// relevant maps an event to its site-relative path and says whether it
// may have added or moved a folder. Chmod-only events, editor leftovers
// and files outside the watched names are dropped.
func (w *Watcher) relevant(ev fsnotify.Event) (rel string, folder bool, ok bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return "", false, false
	}
	rel, ok = w.siteRel(ev.Name)
	if !ok || rel == "." {
		return "", false, false
	}
	top, _, _ := strings.Cut(rel, "/")
	if top != configFile && !slices.Contains(trees(), top) {
		return "", false, false
	}
	for _, part := range strings.Split(rel, "/") {
		if source.Ignored(part) {
			return "", false, false
		}
	}
	// Only a create or a rename can bring a folder that is not watched yet;
	// a Stat here would race with the editor, so the resync walks instead.
	folder = ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename)
	return rel, folder, true
}

// resync makes the watch list match the folders on disk: it drops watches
// whose folder is gone or was moved away (their events would carry the old
// name) and adds every folder of the watched trees, including ones created
// or renamed since the last resync.
func (w *Watcher) resync() error {
	var errs []error
	// Resolved first: a link pointed elsewhere since the last resync makes
	// the watches in its old target stale.
	linked := map[string]string{}
	for _, top := range trees() {
		dir := filepath.Join(w.root, top)
		real, err := filepath.EvalSymlinks(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// absent, or a link to nothing: watched through the root
		case err != nil:
			errs = append(errs, err)
		case real != dir:
			linked[top] = real
		}
	}
	w.linked = linked
	for _, p := range w.fsw.WatchList() {
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() || !w.isWatchedDir(p) {
			_ = w.fsw.Remove(p)
		}
	}
	// A renamed folder's subfolders kept their kernel watches filed under
	// the old names; Remove above released those, so the walk below
	// registers them afresh under the new names.
	if err := w.fsw.Add(w.root); err != nil {
		return err
	}
	for _, top := range trees() {
		dir := filepath.Join(w.root, top)
		if real, ok := w.linked[top]; ok {
			dir = real
		}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == dir && errors.Is(err, fs.ErrNotExist) {
					return nil // an absent folder is watched through the root
				}
				if errors.Is(err, fs.ErrNotExist) {
					return nil // removed while walking: the next event resyncs
				}
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if p != dir && source.Ignored(d.Name()) {
				return fs.SkipDir
			}
			if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// isWatchedDir reports whether p is the root or inside a watched tree and
// not inside an ignored folder.
func (w *Watcher) isWatchedDir(p string) bool {
	if p == w.root {
		return true
	}
	rel, ok := w.siteRel(p)
	if !ok {
		return false
	}
	parts := strings.Split(rel, "/")
	if !slices.Contains(trees(), parts[0]) {
		return false
	}
	if _, ok := w.linked[parts[0]]; ok && p == filepath.Join(w.root, parts[0]) {
		return false // the link itself: its target is watched instead
	}
	for _, part := range parts[1:] {
		if source.Ignored(part) {
			return false
		}
	}
	return true
}

// siteRel maps a path the watcher knows, on disk, to its site-relative
// slash path. Paths inside a linked tree's resolved folder map to the
// tree's name; paths below the link itself are not where that tree is
// watched, and do not map.
func (w *Watcher) siteRel(p string) (string, bool) {
	match, rel := "", ""
	for _, top := range trees() {
		real, ok := w.linked[top]
		if !ok || len(real) <= len(match) {
			continue // the deepest folder wins when one target holds another
		}
		if r, err := filepath.Rel(real, p); err == nil && filepath.IsLocal(r) {
			match, rel = real, path.Join(top, filepath.ToSlash(r))
		}
	}
	if match != "" {
		return rel, true
	}
	r, err := filepath.Rel(w.root, p)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	rel = filepath.ToSlash(r)
	if top, sub, _ := strings.Cut(rel, "/"); sub != "" {
		if _, ok := w.linked[top]; ok {
			return "", false
		}
	}
	return rel, true
}

package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/warta-portal/warta/internal/publish"
)

// These tests run the real warta binary (this test binary, started under the
// name "warta", which testscript.Main dispatches to Main) on a generated
// site of 1,000 news articles plus the sample portal, and kill it, race it
// and make it fail while it publishes. Each checks that the destination is
// exactly one of two whole sites: the one built from version A of the
// site or the one built from version B.

// killSite writes version edition (1 or 2) of the test site into dir: the
// sample portal's content/ and warta.yaml plus n generated news articles.
// Version 2 edits every tenth article, deletes every fiftieth and adds 20.
func killSite(t testing.TB, dir string, n, edition int) {
	t.Helper()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../warta.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "warta.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("pemerintah provinsi pelayanan publik warga desa jalan sekolah kesehatan anggaran rapat kerja daerah pembangunan jembatan pasar petani nelayan banjir bantuan sosial kantor dinas kepala bupati gubernur program digital data layanan antrean kecamatan perpustakaan olahraga pemuda budaya sungai hutan")
	tags := strings.Fields("pelayanan-publik digitalisasi infrastruktur kesehatan pendidikan pertanian bencana ekonomi budaya olahraga pariwisata lingkungan")
	cats := []string{"Pemerintahan", "Ekonomi", "Sosial"}
	base := time.Date(2024, 6, 1, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	last := n
	if edition == 2 {
		last = n + 20
	}
	for i := 1; i <= last; i++ {
		if edition == 2 && i%50 == 0 {
			continue
		}
		r := rand.New(rand.NewPCG(20240601, uint64(i)))
		pick := func() string { return words[r.IntN(len(words))] }
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"Berita %d: %s %s %s\"\ndate: %s\nsummary: \"Ringkasan berita %d tentang %s dan %s.\"\ncategories: [%s]\ntags: [%s, %s]\n---\n\n",
			i, pick(), pick(), pick(), base.Add(-time.Duration(i)*7*time.Hour).Format(time.RFC3339), i, pick(), pick(),
			cats[i%len(cats)], tags[r.IntN(len(tags))], tags[(i*7)%len(tags)])
		for p := 0; p < 6; p++ {
			if p == 2 {
				fmt.Fprintf(&b, "## Bagian %d\n\n", p)
			}
			for w := 0; w < 55; w++ {
				b.WriteString(pick())
				b.WriteByte(' ')
			}
			b.WriteString("selesai.\n\n")
		}
		if edition == 2 && i%10 == 0 {
			b.WriteString("Pembaruan: berita ini diperbarui pada edisi kedua.\n")
		}
		name := filepath.Join(dir, "content/berita", fmt.Sprintf("berita-uji-%04d.md", i))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot reads the tree under dir: slash path → sha256 of the file (or
// "-> target" of a link), the lock file aside.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case e.IsDir() || e.Name() == publish.LockFile:
		case e.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			m[filepath.ToSlash(rel)] = "-> " + target
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			m[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// treeDiff describes how got differs from want ("" when equal).
func treeDiff(got, want map[string]string) string {
	var missing, extra, changed []string
	for k, v := range want {
		if g, ok := got[k]; !ok {
			missing = append(missing, k)
		} else if g != v {
			changed = append(changed, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	if len(missing)+len(extra)+len(changed) == 0 {
		return ""
	}
	first := func(l []string) []string {
		sort.Strings(l)
		return l[:min(len(l), 3)]
	}
	return fmt.Sprintf("%d missing %v, %d extra %v, %d changed %v", len(missing), first(missing), len(extra), first(extra), len(changed), first(changed))
}

// which names the site dest holds: "A", "B", or a description of the mix.
func which(t testing.TB, dest string, a, b map[string]string) (string, bool) {
	got := snapshot(t, dest)
	da, db := treeDiff(got, a), treeDiff(got, b)
	switch {
	case da == "":
		return "A", true
	case db == "":
		return "B", true
	}
	return fmt.Sprintf("neither site: against A %s; against B %s", da, db), false
}

// wartaExe makes this test binary runnable as "warta" by anyone (the tests
// that drop root run it as nobody).
func wartaExe(t testing.TB, dir string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "warta")
	if err := os.Link(self, exe); err != nil {
		b, err := os.ReadFile(self)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(exe, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return exe
}

// killFixture is the shared set-up: sites A and B, and the trees each
// builds into a fresh folder.
type killFixture struct {
	dir, exe, siteA, siteB string
	treeA, treeB           map[string]string
	asNobody               bool
}

func newKillFixture(t *testing.T, n int) *killFixture {
	t.Helper()
	// Readable by nobody, for the tests that drop root.
	dir, err := os.MkdirTemp("", "warta-kill-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	f := &killFixture{dir: dir, exe: wartaExe(t, dir), siteA: filepath.Join(dir, "site-a"), siteB: filepath.Join(dir, "site-b")}
	killSite(t, f.siteA, n, 1)
	killSite(t, f.siteB, n, 2)
	for _, v := range []struct {
		site string
		tree *map[string]string
	}{{f.siteA, &f.treeA}, {f.siteB, &f.treeB}} {
		out := filepath.Join(dir, "expected-"+filepath.Base(v.site))
		if res := f.build(t, v.site, out, "--no-cache"); res.err != nil {
			t.Fatalf("building %s: %v\n%s", v.site, res.err, res.stderr)
		}
		*v.tree = snapshot(t, out)
	}
	if treeDiff(f.treeA, f.treeB) == "" {
		t.Fatal("sites A and B build the same tree")
	}
	return f
}

type buildResult struct {
	err    error
	stderr string
}

func (f *killFixture) command(site, dest string, extra ...string) (*exec.Cmd, *bytes.Buffer) {
	args := append([]string{"build", "-s", site, "-d", dest}, extra...)
	cmd := exec.Command(f.exe, args...)
	cmd.Env = append(os.Environ(), "HOME="+f.dir, "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if f.asNobody {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	return cmd, &stderr
}

func (f *killFixture) build(t testing.TB, site, dest string, extra ...string) buildResult {
	cmd, stderr := f.command(site, dest, extra...)
	err := cmd.Run()
	return buildResult{err, stderr.String()}
}

// killLoop builds A and B in turn into dest, killing each build after a
// delay spread evenly over [0, 1.3 × a build's time], then `aimed` more
// builds the moment the switch begins (when atSwitch first reports true,
// polled every 100 µs), and checks after every kill that dest is one of the
// two whole sites, after what a killed build left was cleaned up by recover
// (nil: checked as the kill left it).
func (f *killFixture) killLoop(t *testing.T, dest string, iterations, aimed int, atSwitch func() bool, recover func()) map[string]int {
	cache := filepath.Join(f.dir, "cache-"+filepath.Base(dest))
	if res := f.build(t, f.siteA, dest, "--cache", cache, "-q"); res.err != nil {
		t.Fatalf("%v\n%s", res.err, res.stderr)
	}
	start := time.Now()
	if res := f.build(t, f.siteB, dest, "--cache", cache, "-q"); res.err != nil {
		t.Fatalf("%v\n%s", res.err, res.stderr)
	}
	took := time.Since(start)
	sites := map[string]string{"A": f.siteA, "B": f.siteB}
	other := map[string]string{"A": "B", "B": "A"}
	current := "B"
	outcomes := map[string]int{}
	for i := range iterations + aimed {
		delay := time.Duration(float64(took) * 1.3 * (float64(i) + 0.5) / float64(iterations))
		cmd, stderr := f.command(sites[other[current]], dest, "--cache", cache, "-q")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if i < iterations {
			time.Sleep(delay)
		} else {
			delay = -1 // aimed at the switch
			for !atSwitch() && !zombie(cmd.Process.Pid) {
				time.Sleep(100 * time.Microsecond)
			}
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			outcomes["finished"]++
		} else if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			outcomes["killed"]++
		} else {
			t.Fatalf("build %d failed on its own: %v\n%s", i, err, stderr)
		}
		if recover != nil {
			if _, err := os.Stat(filepath.Join(dest, ".warta-journal")); err == nil {
				outcomes["killed mid-switch"]++
			}
			recover()
		}
		got, ok := which(t, dest, f.treeA, f.treeB)
		if !ok {
			t.Fatalf("kill %d after %v (build time %v): %s", i, delay, took, got)
		}
		outcomes[current+"→"+got]++
		current = got
	}
	// The next build removes what the killed ones left.
	if res := f.build(t, sites[other[current]], dest, "--cache", cache, "-q"); res.err != nil {
		t.Fatalf("%v\n%s", res.err, res.stderr)
	}
	if got, ok := which(t, dest, f.treeA, f.treeB); !ok || got != other[current] {
		t.Fatalf("after the last build: %s", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")); len(left) > 0 {
		t.Errorf("left behind after a good build: %v", left)
	}
	if left, _ := filepath.Glob(filepath.Join(dest, ".warta-*")); len(left) > 0 {
		t.Errorf("left behind after a good build: %v", left)
	}
	t.Logf("%d kills spread over %v (one build: %v) and %d aimed at the switch: %v", iterations, time.Duration(float64(took)*1.3), took, aimed, outcomes)
	return outcomes
}

// zombie reports whether process pid has ended (and is not reaped yet),
// from /proc/<pid>/stat.
func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	_, after, ok := bytes.Cut(b, []byte(") "))
	return !ok || len(after) == 0 || after[0] == 'Z' || after[0] == 'X'
}

// matches reports whether the glob pattern matches a file.
func matches(pattern string) bool {
	m, _ := filepath.Glob(pattern)
	return len(m) > 0
}

// killIterations is the number of kills: WARTA_KILL_LOOP=N for a longer
// run (make kill-loop), else def.
func killIterations(t *testing.T, def int) int {
	if s := os.Getenv("WARTA_KILL_LOOP"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("WARTA_KILL_LOOP=%q: want a number of kills", s)
		}
		return n
	}
	return def
}

// TestPublishingIntoOneDestination: SIGKILL at many points of a build into
// an ordinary folder leaves the previous site or the new one, exactly, as
// the kill left it (no recovery needed); and a build started while another
// publishes into the same folder waits, saying so, then publishes whole.
func TestPublishingIntoOneDestination(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000-article site about 15 times")
	}
	f := newKillFixture(t, 1000)
	t.Run("killed", func(t *testing.T) {
		// Aimed kills: once the staging folder holds the marker, the build
		// is in Commit (carrying hidden files, then the exchange).
		atSwitch := func() bool { return matches(filepath.Join(f.dir, ".public.tmp-*", ".warta")) }
		out := f.killLoop(t, filepath.Join(f.dir, "public"), killIterations(t, 10), 3, atSwitch, nil)
		if out["killed"] == 0 {
			t.Error("no build was killed before it ended: the kills came too late")
		}
	})
	t.Run("two builds", func(t *testing.T) {
		// The test holds the destination's lock, as a build does from its
		// start to its end, while it starts A and then B: both must say they
		// wait, and once it lets go they run one after the other. No timing
		// decides what is tested.
		dest := filepath.Join(f.dir, "public-2")
		if err := os.MkdirAll(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		held := flock.New(filepath.Join(dest, publish.LockFile))
		if err := held.Lock(); err != nil {
			t.Fatal(err)
		}
		start := func(name, site string) (*exec.Cmd, *syncBuffer) {
			cmd, _ := f.command(site, dest, "--no-cache")
			out := &syncBuffer{}
			cmd.Stderr = out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(10 * time.Minute); !strings.Contains(out.String(), "waiting for it to finish"); {
				if time.Now().After(deadline) {
					t.Fatalf("build %s did not say it waits: %q", name, out.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			return cmd, out
		}
		a, aErr := start("A", f.siteA)
		b, bErr := start("B", f.siteB)
		if err := held.Unlock(); err != nil {
			t.Fatal(err)
		}
		errA, errB := a.Wait(), b.Wait()
		if errA != nil || errB != nil {
			t.Fatalf("A: %v %s\nB: %v %s", errA, aErr.String(), errB, bErr.String())
		}
		if got, ok := which(t, dest, f.treeA, f.treeB); !ok {
			t.Fatalf("destination holds a mix (%s), want one whole site", got)
		}
	})
}

// syncBuffer is a buffer a running process writes to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mountTmpfs mounts a tmpfs at dir (root only) until the test ends.
func mountTmpfs(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; run as root to test a destination that is a mount point")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256m,mode=0755", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// TestDestinationsOnRealHosts: `warta build -d /mnt/x` with /mnt/x a
// tmpfs mount (another file system, and a folder that cannot be renamed)
// publishes in place; killed at many points, the next build finishes the
// switch, so the destination is always one whole site. A folder of the
// destination that the build's user cannot write (chmod 555) either does
// not matter (an ordinary destination is swapped whole) or stops an
// in-place switch half way (a mount point): then the previous site is put
// back, whole, and the message says so, truthfully. The unwritable cases
// run as nobody when started as root (root writes anywhere).
func TestDestinationsOnRealHosts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site many times")
	}
	f := newKillFixture(t, 100)
	t.Run("mount point killed", func(t *testing.T) {
		dest := filepath.Join(f.dir, "mnt", "x")
		mountTmpfs(t, dest)
		recover := func() {
			if err := publish.Recover(context.Background(), dest); err != nil {
				t.Fatal(err)
			}
		}
		// Aimed kills: the journal exists only while entries are renamed.
		atSwitch := func() bool { return matches(filepath.Join(dest, ".warta-journal")) }
		f.killLoop(t, dest, killIterations(t, 6), 4, atSwitch, recover)
		if left, _ := filepath.Glob(filepath.Join(f.dir, "mnt", ".x.tmp-*")); len(left) > 0 {
			t.Errorf("staging beside a mount point: %v", left)
		}
	})
	if os.Geteuid() == 0 {
		f.asNobody = true
	}
	chown := func(p string) {
		if f.asNobody {
			if err := os.Chown(p, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
	}
	run := func(t *testing.T, dest string, wantFail bool) {
		if res := f.build(t, f.siteA, dest, "--no-cache"); res.err != nil {
			t.Fatalf("%v\n%s", res.err, res.stderr)
		}
		if err := os.Chmod(filepath.Join(dest, "berita"), 0o555); err != nil {
			t.Fatal(err)
		}
		cmd, stderr := f.command(f.siteB, dest, "--no-cache")
		err := cmd.Run()
		got, whole := which(t, dest, f.treeA, f.treeB)
		if !whole {
			t.Fatalf("mixed destination after the build (exit %v): %s", err, got)
		}
		if err != nil {
			if got != "A" {
				t.Errorf("the build failed (%v) but the destination holds %s", err, got)
			}
			if !strings.Contains(stderr.String(), "was left as it was") {
				t.Errorf("failure message does not say the destination was left: %s", stderr)
			}
		} else if got != "B" {
			t.Errorf("the build succeeded but the destination holds %s", got)
		}
		if wantFail != (err != nil) {
			t.Errorf("build failed: %v, want failure %v\n%s", err, wantFail, stderr)
		}
		os.Chmod(filepath.Join(dest, "berita"), 0o755)
		if res := f.build(t, f.siteB, dest, "--no-cache"); res.err != nil {
			t.Fatalf("%v\n%s", res.err, res.stderr)
		}
		if got, _ := which(t, dest, f.treeA, f.treeB); got != "B" {
			t.Errorf("after making it writable: %s", got)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	}
	t.Run("folder", func(t *testing.T) {
		parent := filepath.Join(f.dir, "www")
		os.MkdirAll(parent, 0o755)
		chown(parent)
		run(t, filepath.Join(parent, "public"), false)
	})
	t.Run("mount point", func(t *testing.T) {
		if !f.asNobody {
			t.Skip("needs root to mount, and a user other than root to be refused")
		}
		dest := filepath.Join(f.dir, "mnt", "y")
		mountTmpfs(t, dest)
		chown(dest)
		run(t, dest, true)
	})
}

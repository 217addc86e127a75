package cache

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/warta-portal/warta/internal/ownfile"
)

// Every cache file is an envelope around its payload, so that a file cut
// short, altered, written by another version of the format or belonging
// to another entry is never read as data:
//
//	magic    "warta-cache\n"  12 bytes
//	format   uint32, little endian: FormatVersion
//	bound    32 bytes: what the file belongs to (the warta version for the
//	         indexes, the body's key for a rendered body, the destination
//	         for a manifest)
//	length   uint64, little endian: the payload's length
//	checksum uint32, little endian: CRC-32C (Castagnoli) of the payload
//	payload
//
// The checksum finds damage (a disk's, a copy's, a hand's), not forgery:
// whoever can write the cache folder can write a valid file. CRC-32C
// finds every error of up to 32 bits in a row and misses a random one
// with a chance of 2^-32, and the processor computes it (SSE 4.2, ARMv8
// CRC) five times faster than SHA-256: 120 MB, what a one-article
// rebuild at 10,000 articles checks, in 14 ms instead of 75 ms on the
// benchmark machine (a CPU profile gave SHA-256 0.17 s of such a build).
//
// Files are written to a temporary name and renamed into place, so a
// reader sees a whole file, old or new, even while another build writes.
const magic = "warta-cache\n"

// FormatVersion is the version of the envelope and of every payload's
// encoding; files of another version are misses.
const FormatVersion uint32 = 4

const headerLen = len(magic) + 4 + 32 + 8 + 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errMissing is a cache file that does not exist: a plain miss, not worth
// a note.
var errMissing = errors.New("missing")

// errOtherFormat: a file of another format version (FormatVersion), made
// by another release of warta.
var errOtherFormat = errors.New("written by another version of warta")

// header is the envelope's header for payload, which follows it in the
// file (writeSealed).
func header(bound Key, payload []byte) []byte {
	b := make([]byte, 0, headerLen)
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, FormatVersion)
	b = append(b, bound[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(payload)))
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, castagnoli))
}

// open checks the envelope of data and returns its payload, or why it
// cannot be used.
func open(data []byte, bound Key) ([]byte, error) {
	if len(data) < headerLen || string(data[:len(magic)]) != magic {
		return nil, errors.New("not a cache file or cut short")
	}
	h := data[len(magic):]
	if v := binary.LittleEndian.Uint32(h); v != FormatVersion {
		return nil, errOtherFormat
	}
	h = h[4:]
	if !bytes.Equal(h[:32], bound[:]) {
		return nil, errors.New("belongs to another entry, site or version")
	}
	h = h[32:]
	n := binary.LittleEndian.Uint64(h)
	h = h[8:]
	payload := h[4:]
	if uint64(len(payload)) != n {
		return nil, errors.New("length differs: cut short or overwritten")
	}
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(h) {
		return nil, errors.New("checksum mismatch: damaged")
	}
	return payload, nil
}

// maxFile bounds what a cache file may hold: far above any warta writes
// (the largest, a shard of the search index's analyses at 100,000
// articles, is tens of megabytes), far below what would exhaust memory.
const maxFile = 1 << 30

// readSealed reads the payload of the cache file name. Whatever else
// stands at the name (a link, a pipe, a folder, a file of gigabytes) is a
// miss, never followed, waited for or read whole (package ownfile).
func readSealed(name string, bound Key) ([]byte, error) {
	_, payload, err := readSealedInto(name, bound, nil)
	return payload, err
}

// readSealedInto is readSealed into buf's memory when it holds the file
// (ownfile.ReadInto); data is the whole file as read, for the caller to
// reuse once it is done with payload.
func readSealedInto(name string, bound Key, buf []byte) (data, payload []byte, err error) {
	data, err = ownfile.ReadInto(name, maxFile, buf)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, errMissing
	}
	if err != nil {
		return nil, nil, err
	}
	payload, err = open(data, bound)
	return data, payload, err
}

// writeSealed writes payload to name, whole or not at all.
func writeSealed(name string, bound Key, payload []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	// The header, then the payload: no copy of the payload in an
	// envelope (the front matter's shards are megabytes).
	_, err = f.Write(header(bound, payload))
	if err == nil {
		_, err = f.Write(payload)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}

// readGob decodes the cache file name into v. On any error v may hold part
// of the data: the caller resets it.
func readGob(name string, bound Key, v any) error {
	// gob copies what it keeps: the file's bytes serve the next file.
	bp, _ := gobBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer gobBufs.Put(bp)
	data, payload, err := readSealedInto(name, bound, *bp)
	if data != nil {
		*bp = data[:0]
	}
	if err != nil {
		return err
	}
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(v); err != nil {
		return fmt.Errorf("cannot decode: %w", err)
	}
	return nil
}

// gobBufs holds readGob's buffers (*[]byte), one per goroutine reading:
// at 10,000 articles a warm build reads 17 MB of gob files, memory a
// build would otherwise take fresh from the system for each.
var gobBufs sync.Pool

// writeGob encodes v into the cache file name.
func writeGob(name string, bound Key, v any) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return err
	}
	return writeSealed(name, bound, b.Bytes())
}

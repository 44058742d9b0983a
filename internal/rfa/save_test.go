package rfa

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

// TestSaveBomb checks that a save that unpacks beyond its cap is refused
// instead of filling memory (with a cap of 1 MB for speed; JSON uses
// MaxSaveJSON).
func TestSaveBomb(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(make([]byte, 2<<20))
	zw.Close()
	_, err := SaveFile{Binary: true, Data: buf.Bytes()}.json(1 << 20)
	if err == nil || !strings.Contains(err.Error(), "unpacks to more than 1 MB") {
		t.Errorf("a %d-byte save that unpacks to 2 MB: %v", buf.Len(), err)
	}
}

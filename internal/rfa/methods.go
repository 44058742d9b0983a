package rfa

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"bbctl/internal/game"
	"bbctl/internal/input"
)

// The Remote API methods (MECHANICS §7.2).
const (
	MethodPushFile           = "pushFile"
	MethodGetFile            = "getFile"
	MethodDeleteFile         = "deleteFile"
	MethodGetFileNames       = "getFileNames"
	MethodGetAllFiles        = "getAllFiles"
	MethodGetFileMetadata    = "getFileMetadata"
	MethodGetAllFileMetadata = "getAllFileMetadata"
	MethodCalculateRAM       = "calculateRam"
	MethodGetDefinitionFile  = "getDefinitionFile"
	MethodGetSaveFile        = "getSaveFile"
	MethodGetAllServers      = "getAllServers"
)

// File is a file on a server, as getAllFiles returns it.
type File struct {
	Filename string `json:"filename"`
	Content  string `json:"content"`
}

// Metadata describes a file (game v3): times are Unix milliseconds.
type Metadata struct {
	Filename string  `json:"filename"`
	Atime    float64 `json:"atime"`
	Btime    float64 `json:"btime"`
	Mtime    float64 `json:"mtime"`
	Size     float64 `json:"size,omitempty"` // documented, not always sent
}

// ServerInfo is one server as getAllServers lists it.
type ServerInfo struct {
	Hostname          string `json:"hostname"`
	HasAdminRights    bool   `json:"hasAdminRights"`
	PurchasedByPlayer bool   `json:"purchasedByPlayer"`
}

// SaveFile is the game's save as getSaveFile returns it. Data is the gzip
// (binary) or base64-decoded (text) payload as bytes; JSON returns the save
// itself.
type SaveFile struct {
	Identifier string
	Binary     bool
	Data       []byte
}

type fileParams struct {
	Filename string `json:"filename"`
	Server   string `json:"server"`
}

type serverParams struct {
	Server string `json:"server"`
}

// PushFile creates or overwrites filename on server with content.
func (c *Conn) PushFile(ctx context.Context, server, filename, content string) error {
	p := struct {
		Filename string `json:"filename"`
		Content  string `json:"content"`
		Server   string `json:"server"`
	}{filename, content, server}
	return c.Call(ctx, MethodPushFile, p, nil)
}

// GetFile returns the content of filename on server.
func (c *Conn) GetFile(ctx context.Context, server, filename string) (string, error) {
	var s string
	err := c.Call(ctx, MethodGetFile, fileParams{filename, server}, &s)
	return s, err
}

// DeleteFile removes filename from server.
func (c *Conn) DeleteFile(ctx context.Context, server, filename string) error {
	return c.Call(ctx, MethodDeleteFile, fileParams{filename, server}, nil)
}

// GetFileNames lists the files on server.
func (c *Conn) GetFileNames(ctx context.Context, server string) ([]string, error) {
	var names []string
	err := c.Call(ctx, MethodGetFileNames, serverParams{server}, &names)
	return names, err
}

// GetAllFiles returns every script and text file on server with its content.
func (c *Conn) GetAllFiles(ctx context.Context, server string) ([]File, error) {
	var fs []File
	err := c.Call(ctx, MethodGetAllFiles, serverParams{server}, &fs)
	return fs, err
}

// GetFileMetadata returns the times of filename on server (game v3).
func (c *Conn) GetFileMetadata(ctx context.Context, server, filename string) (Metadata, error) {
	var m Metadata
	err := c.Call(ctx, MethodGetFileMetadata, fileParams{filename, server}, &m)
	return m, err
}

// GetAllFileMetadata returns the metadata of every file on server (game v3).
func (c *Conn) GetAllFileMetadata(ctx context.Context, server string) ([]Metadata, error) {
	var ms []Metadata
	err := c.Call(ctx, MethodGetAllFileMetadata, serverParams{server}, &ms)
	return ms, err
}

// CalculateRAM asks the game's static checker for the RAM per thread of the
// script filename on server (with its imports from that server).
func (c *Conn) CalculateRAM(ctx context.Context, server, filename string) (game.RAM, error) {
	var gb float64
	if err := c.Call(ctx, MethodCalculateRAM, fileParams{filename, server}, &gb); err != nil {
		return 0, err
	}
	if math.IsNaN(gb) || math.IsInf(gb, 0) || gb < 0 {
		return 0, fmt.Errorf("rfa %s: the game answered %v GB for %s", MethodCalculateRAM, gb, filename)
	}
	return game.GB(gb), nil
}

// GetDefinitionFile returns NetscriptDefinitions.d.ts.
func (c *Conn) GetDefinitionFile(ctx context.Context) (string, error) {
	var s string
	err := c.call(ctx, slowTimeout, MethodGetDefinitionFile, nil, &s)
	return s, err
}

// GetAllServers lists every server, discovered or not.
func (c *Conn) GetAllServers(ctx context.Context) ([]ServerInfo, error) {
	var ss []ServerInfo
	err := c.Call(ctx, MethodGetAllServers, nil, &ss)
	return ss, err
}

// GetSaveFile downloads the game's save (game 2.8.1 and later).
func (c *Conn) GetSaveFile(ctx context.Context) (SaveFile, error) {
	var raw struct {
		Identifier string `json:"identifier"`
		Binary     bool   `json:"binary"`
		Save       string `json:"save"`
	}
	if err := c.call(ctx, slowTimeout, MethodGetSaveFile, nil, &raw); err != nil {
		return SaveFile{}, err
	}
	sf := SaveFile{Identifier: raw.Identifier, Binary: raw.Binary}
	var err error
	if raw.Binary {
		sf.Data, err = DecodeBinaryString(raw.Save)
	} else {
		sf.Data, err = base64.StdEncoding.DecodeString(raw.Save)
	}
	if err != nil {
		return SaveFile{}, fmt.Errorf("rfa %s: decode save: %w", MethodGetSaveFile, err)
	}
	return sf, nil
}

// MaxSaveJSON caps an unpacked save: a late game's is tens of MB, and a
// small gzip stream can unpack to far more.
const MaxSaveJSON = 512 << 20

// JSON returns the save's JSON text: Data gunzipped for a binary save, Data
// itself otherwise.
func (s SaveFile) JSON() ([]byte, error) { return s.json(MaxSaveJSON) }

// json is JSON with the unpacked save capped at max bytes.
func (s SaveFile) json(max int) ([]byte, error) {
	if !s.Binary {
		return s.Data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(s.Data))
	if err != nil {
		return nil, fmt.Errorf("save file: not gzip data: %w", err)
	}
	defer zr.Close()
	b, err := io.ReadAll(io.LimitReader(zr, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("save file: gunzip: %w", err)
	}
	if len(b) > max {
		return nil, fmt.Errorf("save file: unpacks to more than %s, the most bbctl reads", input.Size(int64(max)))
	}
	if !json.Valid(b) {
		return b, fmt.Errorf("save file: the unpacked save (%d bytes) is not JSON", len(b))
	}
	return b, nil
}

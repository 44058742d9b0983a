package gameemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/coder/websocket"
)

// ConnectRFA connects the game's Remote API client to url
// (ws://host:port, no path, as the game does) and answers requests until
// ctx ends or the connection closes.
func (g *Game) ConnectRFA(ctx context.Context, url string) error {
	h := http.Header{}
	if g.cfg.Origin != "" {
		h.Set("Origin", g.cfg.Origin)
	}
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		return fmt.Errorf("gameemu: remote API connect to %s: %w", url, err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(64 << 20)
	for {
		typ, b, err := conn.Read(ctx)
		if err != nil {
			return fmt.Errorf("gameemu: remote API: %w", err)
		}
		if typ != websocket.MessageText {
			continue // the game ignores binary frames
		}
		var req struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Params json.RawMessage  `json:"params"`
		}
		if json.Unmarshal(b, &req) != nil || req.ID == nil {
			continue // invalid JSON gets no reply
		}
		var result any
		var rerr string
		g.l.do(func() { result, rerr = g.rfa(req.Method, req.Params) })
		out := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		if rerr != "" {
			out["error"] = rerr
		} else {
			out["result"] = result
		}
		rb, err := json.Marshal(out)
		if err != nil {
			return fmt.Errorf("gameemu: remote API: encode reply: %w", err)
		}
		if err := conn.Write(ctx, websocket.MessageText, rb); err != nil {
			return fmt.Errorf("gameemu: remote API: %w", err)
		}
	}
}

// rfa answers one Remote API request with the game's own error strings.
func (g *Game) rfa(method string, raw json.RawMessage) (any, string) {
	v3 := g.cfg.V3
	pick := func(old, new string) string {
		if v3 {
			return new
		}
		return old
	}
	var p struct {
		Filename *string `json:"filename"`
		Content  *string `json:"content"`
		Server   *string `json:"server"`
	}
	needParams := method != "getDefinitionFile" && method != "getSaveFile" && method != "getAllServers"
	if needParams && (len(raw) == 0 || json.Unmarshal(raw, &p) != nil) {
		return nil, pick("Message misses parameters", "Missing params")
	}
	srv := func() (*Server, string) {
		if p.Server == nil {
			return nil, pick("Message misses parameters", "Missing params")
		}
		s := g.servers[*p.Server]
		if s == nil {
			return nil, pick("Server hostname invalid", "Invalid hostname: "+*p.Server)
		}
		return s, ""
	}
	file := func() (string, string) {
		if p.Filename == nil {
			return "", pick("Message misses parameters", "Missing params")
		}
		return g.checkPath(*p.Filename)
	}
	switch method {
	case "pushFile":
		if p.Content == nil {
			return nil, pick("Misses parameters", "Missing params")
		}
		name, e := file()
		if e != "" {
			return nil, e
		}
		s, e := srv()
		if e != "" {
			return nil, e
		}
		s.Files[name] = *p.Content
		if g.sim != nil {
			g.simPush(s.Hostname, name, *p.Content)
		}
		return "OK", ""
	case "getFile", "deleteFile", "calculateRam", "getFileMetadata":
		name, e := file()
		if e != "" {
			return nil, e
		}
		s, e := srv()
		if e != "" {
			return nil, e
		}
		content, ok := s.Files[name]
		if !ok {
			if method == "deleteFile" {
				return nil, "Failed"
			}
			return nil, pick("File doesn't exist", "File does not exist. Filename: "+name)
		}
		switch method {
		case "getFile":
			return content, ""
		case "deleteFile":
			for _, q := range g.procs {
				if q.host == s.Hostname && q.file == name {
					return nil, "Failed"
				}
			}
			delete(s.Files, name)
			return "OK", ""
		case "calculateRam":
			if !isScript(name, v3) {
				return nil, pick("Filename isn't a script filename", "File is not a script. Filename: "+name)
			}
			r, err := g.playerRAM(content)
			if err != nil {
				return nil, pick("Ram cost could not be calculated", "Cannot calculate RAM usage of an invalid script. Filename: "+name)
			}
			return r.GB(), ""
		default:
			if !v3 {
				return nil, "Unknown message received"
			}
			return map[string]any{"filename": name, "atime": 0, "btime": 0, "mtime": 0}, ""
		}
	case "getFileNames", "getAllFiles", "getAllFileMetadata":
		s, e := srv()
		if e != "" {
			return nil, e
		}
		if method == "getAllFileMetadata" && !v3 {
			return nil, "Unknown message received"
		}
		names := make([]string, 0, len(s.Files))
		for n := range s.Files {
			names = append(names, n)
		}
		sort.Strings(names)
		switch method {
		case "getFileNames":
			return names, ""
		case "getAllFiles":
			out := []map[string]string{}
			for _, n := range names {
				out = append(out, map[string]string{"filename": n, "content": s.Files[n]})
			}
			return out, ""
		default:
			out := []map[string]any{}
			for _, n := range names {
				out = append(out, map[string]any{"filename": n, "atime": 0, "btime": 0, "mtime": 0})
			}
			return out, ""
		}
	case "getDefinitionFile":
		return g.cfg.Definitions, ""
	case "getAllServers":
		out := []map[string]any{}
		for _, h := range g.order {
			s := g.servers[h]
			out = append(out, map[string]any{"hostname": h, "hasAdminRights": s.Root, "purchasedByPlayer": s.Purchased})
		}
		return out, ""
	case "getSaveFile":
		save := g.cfg.Save
		if save == nil && g.sim != nil && !g.cfg.NoSaveFile {
			var err error
			if save, err = g.simSave(); err != nil {
				return nil, err.Error()
			}
		}
		if save == nil {
			return nil, "Unknown message received" // a game before 2.8.1
		}
		g.count(func(c *Counters) { c.Saves++ })
		var b strings.Builder
		for _, c := range save {
			b.WriteRune(rune(c)) // one UTF-16 unit per byte, as the game sends it
		}
		return map[string]any{"identifier": "emulated", "binary": true, "save": b.String()}, ""
	}
	return nil, "Unknown message received"
}

// checkPath validates a file path like the game: the leading slash is
// dropped, some characters are refused, the extension must be allowed.
func (g *Game) checkPath(name string) (string, string) {
	v3 := g.cfg.V3
	name = strings.TrimPrefix(name, "/")
	if name == "" || strings.ContainsAny(name, "*?[]!\\~|#\"' ") || strings.Contains(name, "//") {
		if v3 {
			return "", "Invalid file path: " + name
		}
		return "", "Invalid file path"
	}
	exts := []string{".js", ".script", ".txt", ".json"}
	if v3 {
		exts = []string{".js", ".jsx", ".ts", ".tsx", ".txt", ".json", ".css"}
	}
	for _, e := range exts {
		if strings.HasSuffix(name, e) && len(name) > len(e) {
			return name, ""
		}
	}
	if v3 {
		return "", "Invalid file extension. Filename: " + name
	}
	return "", "Invalid file extension"
}

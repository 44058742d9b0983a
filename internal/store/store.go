// Package store keeps what bbctl must not lose across restarts in an
// embedded SQLite database (modernc.org/sqlite, pure Go): the stock
// tracker's price history, so a trader without 4S data keeps its window,
// and the controller's income history for the dashboard's charts.
//
// The database is one file, bbctl.db, in bbctl's data directory. It runs
// in WAL mode and writes in transactions, so a bbctl killed mid-write
// leaves the last committed state. A file that is not a bbctl database, or
// is corrupt, is refused with an error naming it; it is never overwritten.
// The schema and retention are documented in docs/stocks.md.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// FileName is the database's name inside the data directory.
const FileName = "bbctl.db"

// appID marks a bbctl database (PRAGMA application_id): "bbct".
const appID = 0x62626374

// schemaVersion is PRAGMA user_version of the schema below.
const schemaVersion = 1

// Retention: what Prune keeps per source.
const (
	KeepSamples  = 6000            // price samples: 10 game-hours at one per 6 s
	KeepIncomeMs = 7 * 24 * 3600e3 // income points: a week
)

const schema = `
CREATE TABLE stock_symbols (
	source  TEXT PRIMARY KEY,
	symbols TEXT NOT NULL            -- JSON array, the order of every sample's prices
);
CREATE TABLE stock_samples (
	source    TEXT    NOT NULL,
	update_no INTEGER NOT NULL,      -- consecutive market updates differ by 1
	at_ms     INTEGER NOT NULL,      -- game time of the sample
	prices    TEXT    NOT NULL,      -- JSON array of prices in stock_symbols order
	PRIMARY KEY (source, update_no)
) WITHOUT ROWID;
CREATE TABLE income (
	source TEXT    NOT NULL,
	at_ms  INTEGER NOT NULL,
	money  REAL    NOT NULL,         -- money on hand
	earned REAL    NOT NULL,         -- money earned since the start of the source's run
	PRIMARY KEY (source, at_ms)
) WITHOUT ROWID;
`

// ErrForeign is returned for a file that is a database but not bbctl's.
var ErrForeign = errors.New("not a bbctl database")

// ErrCorrupt is returned for a file that is not a readable SQLite database.
var ErrCorrupt = errors.New("corrupt or not an SQLite database")

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// DefaultDir returns bbctl's default data directory: $XDG_STATE_HOME/bbctl,
// else ~/.local/state/bbctl on Unix-like systems, else the user
// configuration directory's bbctl.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "bbctl"), nil
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "state", "bbctl"), nil
		}
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("store: no data directory: %w", err)
	}
	return filepath.Join(d, "bbctl"), nil
}

// Open opens (creating if needed) the database in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	return OpenFile(filepath.Join(dir, FileName))
}

// OpenFile opens (creating if needed) the database file path.
func OpenFile(path string) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: %s: a data path may not contain '?' or '#'", path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("store: %s is a directory", path)
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) init(ctx context.Context) error {
	var id, ver int
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return s.classify(err)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return s.classify(err)
	}
	var tables int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return s.classify(err)
	}
	switch {
	case id == 0 && tables == 0: // a new file
		return s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, schema); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", appID, schemaVersion))
			return err
		})
	case id != appID:
		return fmt.Errorf("store: %s: %w (application_id %#x, %d tables); move it away or choose another --data-dir", s.path, ErrForeign, id, tables)
	case ver != schemaVersion:
		return fmt.Errorf("store: %s: schema version %d, this bbctl knows %d", s.path, ver, schemaVersion)
	}
	var check string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return s.classify(err)
	}
	if check != "ok" {
		return fmt.Errorf("store: %s: %w: %s", s.path, ErrCorrupt, check)
	}
	return nil
}

// classify wraps an error of the first reads of a file.
func (s *Store) classify(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "corrupt") {
		return fmt.Errorf("store: %s: %w: %v", s.path, ErrCorrupt, err)
	}
	return fmt.Errorf("store: %s: %w", s.path, err)
}

func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", s.path, err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("store: %s: %w", s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", s.path, err)
	}
	return nil
}

// Sample is one market update's prices.
type Sample struct {
	Update int64
	AtMs   int64
	Prices []float64
}

// AddSamples appends price samples of source in one transaction. The
// symbols give the order of the prices; when they differ from the order
// stored for source (the market was rebuilt, or another game), the old
// history of source is dropped first, since it no longer describes the
// same stocks. Samples beyond the retention are pruned.
func (s *Store) AddSamples(ctx context.Context, source string, symbols []string, samples []Sample) error {
	symJSON, err := json.Marshal(symbols)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, "SELECT symbols FROM stock_symbols WHERE source = ?", source).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, "INSERT INTO stock_symbols (source, symbols) VALUES (?, ?)", source, string(symJSON)); err != nil {
				return err
			}
		case err != nil:
			return err
		case old != string(symJSON):
			if _, err := tx.ExecContext(ctx, "DELETE FROM stock_samples WHERE source = ?", source); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE stock_symbols SET symbols = ? WHERE source = ?", string(symJSON), source); err != nil {
				return err
			}
		}
		st, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO stock_samples (source, update_no, at_ms, prices) VALUES (?, ?, ?, ?)")
		if err != nil {
			return err
		}
		defer st.Close()
		for _, sm := range samples {
			if len(sm.Prices) != len(symbols) {
				return fmt.Errorf("sample %d has %d prices for %d symbols", sm.Update, len(sm.Prices), len(symbols))
			}
			p, err := json.Marshal(sm.Prices)
			if err != nil {
				return fmt.Errorf("sample %d: %w", sm.Update, err)
			}
			if _, err := st.ExecContext(ctx, source, sm.Update, sm.AtMs, string(p)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM stock_samples WHERE source = ? AND update_no <=
			(SELECT update_no FROM stock_samples WHERE source = ? ORDER BY update_no DESC LIMIT 1 OFFSET ?)`, source, source, KeepSamples)
		return err
	})
}

// Samples returns the symbols and the last n samples of source, oldest
// first (none when nothing is stored).
func (s *Store) Samples(ctx context.Context, source string, n int) ([]string, []Sample, error) {
	var symJSON string
	err := s.db.QueryRowContext(ctx, "SELECT symbols FROM stock_symbols WHERE source = ?", source).Scan(&symJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: %s: %w", s.path, err)
	}
	var syms []string
	if err := json.Unmarshal([]byte(symJSON), &syms); err != nil {
		return nil, nil, fmt.Errorf("store: %s: symbols of %q: %w", s.path, source, ErrCorrupt)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT update_no, at_ms, prices FROM
		(SELECT * FROM stock_samples WHERE source = ? ORDER BY update_no DESC LIMIT ?) ORDER BY update_no`, source, n)
	if err != nil {
		return nil, nil, fmt.Errorf("store: %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Sample
	for rows.Next() {
		var sm Sample
		var p string
		if err := rows.Scan(&sm.Update, &sm.AtMs, &p); err != nil {
			return nil, nil, fmt.Errorf("store: %s: %w", s.path, err)
		}
		if err := json.Unmarshal([]byte(p), &sm.Prices); err != nil || len(sm.Prices) != len(syms) {
			return nil, nil, fmt.Errorf("store: %s: sample %d of %q: %w", s.path, sm.Update, source, ErrCorrupt)
		}
		out = append(out, sm)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: %s: %w", s.path, err)
	}
	return syms, out, nil
}

// IncomePoint is one point of the income history.
type IncomePoint struct {
	AtMs   int64   `json:"at_ms"`
	Money  float64 `json:"money"`
	Earned float64 `json:"earned"`
}

// AddIncome appends income points of source in one transaction and prunes
// those older than the retention.
func (s *Store) AddIncome(ctx context.Context, source string, pts []IncomePoint) error {
	if len(pts) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO income (source, at_ms, money, earned) VALUES (?, ?, ?, ?)")
		if err != nil {
			return err
		}
		defer st.Close()
		for _, p := range pts {
			if _, err := st.ExecContext(ctx, source, p.AtMs, p.Money, p.Earned); err != nil {
				return err
			}
		}
		last := pts[len(pts)-1].AtMs
		_, err = tx.ExecContext(ctx, "DELETE FROM income WHERE source = ? AND at_ms < ?", source, last-int64(KeepIncomeMs))
		return err
	})
}

// Income returns the income points of source since sinceMs, oldest first.
func (s *Store) Income(ctx context.Context, source string, sinceMs int64) ([]IncomePoint, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT at_ms, money, earned FROM income WHERE source = ? AND at_ms >= ? ORDER BY at_ms", source, sinceMs)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []IncomePoint
	for rows.Next() {
		var p IncomePoint
		if err := rows.Scan(&p.AtMs, &p.Money, &p.Earned); err != nil {
			return nil, fmt.Errorf("store: %s: %w", s.path, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", s.path, err)
	}
	return out, nil
}

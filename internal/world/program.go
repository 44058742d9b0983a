package world

import (
	"fmt"
	"strings"
)

// Program is a port opener that the player may own.
type Program uint8

// The port openers, in the order the game sells them.
const (
	BruteSSH Program = iota + 1
	FTPCrack
	RelaySMTP
	HTTPWorm
	SQLInject
)

var programs = [...]Program{BruteSSH, FTPCrack, RelaySMTP, HTTPWorm, SQLInject}

// AllPrograms returns every port opener in price order.
func AllPrograms() []Program { return append([]Program(nil), programs[:]...) }

var programNames = map[Program]string{
	BruteSSH:  "BruteSSH.exe",
	FTPCrack:  "FTPCrack.exe",
	RelaySMTP: "relaySMTP.exe",
	HTTPWorm:  "HTTPWorm.exe",
	SQLInject: "SQLInject.exe",
}

// String returns the program's file name, e.g. "BruteSSH.exe".
func (p Program) String() string {
	if s, ok := programNames[p]; ok {
		return s
	}
	return fmt.Sprintf("Program(%d)", uint8(p))
}

// ParseProgram accepts a program's file name, case-insensitively and with or
// without ".exe" ("BruteSSH.exe", "brutessh").
func ParseProgram(s string) (Program, error) {
	for p, name := range programNames {
		if equalFoldExe(s, name) {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown port opener %q: want one of BruteSSH, FTPCrack, relaySMTP, HTTPWorm, SQLInject", s)
}

func equalFoldExe(s, name string) bool {
	return strings.EqualFold(s, name) || strings.EqualFold(s, strings.TrimSuffix(name, ".exe"))
}

// MarshalText encodes p as its file name.
func (p Program) MarshalText() ([]byte, error) {
	if _, ok := programNames[p]; !ok {
		return nil, fmt.Errorf("invalid program %d", uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a program's file name.
func (p *Program) UnmarshalText(b []byte) error {
	q, err := ParseProgram(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Package rfa is bbctl's end of Bitburner's Remote API: the game connects
// to bbctl as a WebSocket client (to "/") and answers JSON-RPC requests
// about files. Server accepts the connection; Conn sends requests with ids
// and timeouts and offers one typed method per Remote API method
// (MECHANICS §7), returning the game's refusals as *Error. DetectAPI tells
// game generations apart from the definitions file; OriginAllowed is the
// WebSocket Origin policy bbctl uses for every endpoint.
//
// The messages are documented in docs/protocol.md.
package rfa

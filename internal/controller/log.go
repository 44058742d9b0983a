package controller

import "bbctl/internal/logline"

// LogLine is one line of the controller's log.
type LogLine = logline.Line

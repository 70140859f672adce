package geo

import (
	"casmap/geo/internal/imgtest"
)

var (
	near         = imgtest.Near
	randomPoints = imgtest.RandomPoints
)

package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// Group is a cluster of markers drawn as one numbered marker.
type Group struct {
	// Center is the group position, [lon, lat] in degrees: the mean of its
	// members in Web Mercator.
	Center orb.Point
	// Members are the indices of the grouped points, ascending. A group
	// of one is a single marker.
	Members []int
}

// Cluster groups the points of pts listed in visible (all of pts when
// visible is nil) that overlap on screen in the view v. It is a greedy,
// grid-based clustering in view pixels: points are taken in the order of
// visible, and each point not yet grouped starts a group that takes every
// ungrouped point within radiusPx pixels of it. The result is deterministic
// and ordered by each group's first point. Zooming in spreads the points
// apart, so groups split.
func Cluster(v Viewport, pts []orb.Point, visible []int, radiusPx float64) []Group {
	if visible == nil {
		visible = make([]int, len(pts))
		for i := range visible {
			visible[i] = i
		}
	}
	n := len(visible)
	if n == 0 {
		return nil
	}
	if !(radiusPx > 0) {
		radiusPx = 1e-9
	}
	pr := v.projector()
	type item struct {
		x, y   float64 // view pixels
		ux, uy float64 // unit space
		cell   int64
		idx    int
	}
	cellKey := func(cx, cy int) int64 { return int64(cy)<<32 | int64(uint32(cx)) }
	items := make([]item, 0, n)
	for _, i := range visible {
		if i < 0 || i >= len(pts) {
			continue
		}
		ux, uy := ToUnit(pts[i])
		x, y := pr.unit(ux, uy)
		items = append(items, item{x: x, y: y, ux: ux, uy: uy, idx: i,
			cell: cellKey(floorDiv(x, radiusPx), floorDiv(y, radiusPx))})
	}
	// Bucket the items by grid cell: order lists item positions sorted by
	// cell, each cell's items in the order of visible.
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(items[a].cell, items[b].cell) })
	spans := make(map[int64][2]int32, len(items))
	for s := 0; s < len(order); {
		e := s + 1
		for e < len(order) && items[order[e]].cell == items[order[s]].cell {
			e++
		}
		spans[items[order[s]].cell] = [2]int32{int32(s), int32(e)}
		s = e
	}
	taken := make([]bool, len(items))
	backing := make([]int, 0, len(items)) // all members, group after group
	r2 := radiusPx * radiusPx
	var groups []Group
	for i := range items {
		if taken[i] {
			continue
		}
		taken[i] = true
		seed := &items[i]
		start := len(backing)
		backing = append(backing, seed.idx)
		sx, sy := seed.ux, seed.uy
		cx, cy := int(int32(uint32(seed.cell))), int(seed.cell>>32)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				sp, ok := spans[cellKey(cx+dx, cy+dy)]
				if !ok {
					continue
				}
				for _, o := range order[sp[0]:sp[1]] {
					if taken[o] {
						continue
					}
					it := &items[o]
					ddx, ddy := it.x-seed.x, it.y-seed.y
					if ddx*ddx+ddy*ddy <= r2 {
						taken[o] = true
						backing = append(backing, it.idx)
						sx += it.ux
						sy += it.uy
					}
				}
			}
		}
		members := backing[start:len(backing):len(backing)]
		slices.Sort(members)
		center := pts[seed.idx]
		if k := float64(len(members)); k > 1 {
			center = FromUnit(sx/k, sy/k)
		}
		groups = append(groups, Group{Center: center, Members: members})
	}
	return groups
}

// floorDiv returns floor(a/b) as an int.
func floorDiv(a, b float64) int {
	q := a / b
	i := int(q)
	if float64(i) > q {
		i--
	}
	return i
}

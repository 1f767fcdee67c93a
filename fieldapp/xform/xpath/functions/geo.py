"""Geo functions with JavaRosa's formulas: area (enclosed-area), distance and geofence."""

from __future__ import annotations

import math

from ..compiler import BOOLEAN, NUMBER
from ..errors import XPathTypeMismatch, XPathUnhandled
from ..values import to_string, unpack_nodes
from . import function

EARTH_RADIUS_METERS = 6_378_100.0
EARTH_CIRCUMFERENCE_METERS = 2 * EARTH_RADIUS_METERS * math.pi


def parse_point(text: str, function_name: str) -> tuple[float, float]:
    """(latitude, longitude) of "lat lon [altitude accuracy]"."""
    parts = text.split()
    if len(parts) < 2:
        raise XPathTypeMismatch(f"{function_name}(): '{text}' is not a geopoint")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise XPathTypeMismatch(f"{function_name}(): '{text}' is not a geopoint") from None


def points_of(ctx, value, function_name: str) -> list[tuple[float, float]]:
    """Points of a geotrace/geoshape string ("p1;p2;..."), or of a node-set of geopoints."""
    if type(value) is list and len(value) > 1:
        return [parse_point(unpack_nodes([n], None), function_name) for n in value]
    text = to_string(unpack_nodes(value, None) if type(value) is list else value).strip()
    if not text:
        return []
    return [parse_point(part, function_name) for part in text.split(";") if part.strip()]


def polygon_area(points: list[tuple[float, float]]) -> float:
    """Square meters enclosed by the points (JavaRosa's planar approximation around the first point)."""
    if len(points) < 3:
        return 0.0
    lat_ref, lon_ref = points[0]
    xs, ys = [], []
    for lat, lon in points[1:]:
        ys.append((lat - lat_ref) * EARTH_CIRCUMFERENCE_METERS / 360.0)
        xs.append((lon - lon_ref) * EARTH_CIRCUMFERENCE_METERS * math.cos(math.radians(lat)) / 360.0)
    total = 0.0
    for i in range(1, len(xs)):
        total += (ys[i - 1] * xs[i] - xs[i - 1] * ys[i]) / 2
    return abs(total)


def distance_between(p1: tuple[float, float], p2: tuple[float, float]) -> float:
    """Meters between two points by the spherical law of cosines."""
    d_lambda = math.radians(p1[1] - p2[1])
    phi1, phi2 = math.radians(p1[0]), math.radians(p2[0])
    cosine = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(phi2) * math.cos(d_lambda)
    return math.acos(max(-1.0, min(1.0, cosine))) * EARTH_RADIUS_METERS


def path_length(points: list[tuple[float, float]]) -> float:
    return sum(distance_between(points[i - 1], points[i]) for i in range(1, len(points)))


@function("area", "r", returns=NUMBER, aliases=("enclosed-area",))
def _area(ctx, value):
    return polygon_area(points_of(ctx, value, "area"))


@function("distance", "r", variadic="r", returns=NUMBER)
def _distance(ctx, *values):
    if len(values) == 1:
        points = points_of(ctx, values[0], "distance")
    else:
        points = []
        for value in values:
            points.extend(points_of(ctx, value, "distance"))
    return path_length(points)


def point_in_polygon(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray casting over the closed shape (its last point repeats the first)."""
    test_lat, test_lon = point
    inside = False
    for i in range(1, len(polygon)):
        lat1, lon1 = polygon[i - 1]
        lat2, lon2 = polygon[i]
        if (lat2 > test_lat) != (lat1 > test_lat) and \
                test_lon < (lon1 - lon2) * (test_lat - lat2) / (lat1 - lat2) + lon2:
            inside = not inside
    return inside


@function("geofence", "rr", returns=BOOLEAN)
def _geofence(ctx, point_value, shape_value):
    """True when the geopoint lies inside the geoshape."""
    points = points_of(ctx, point_value, "geofence")
    shape = points_of(ctx, shape_value, "geofence")
    if len(points) != 1 or len(shape) < 3:
        raise XPathUnhandled("geofence() needs a geopoint and a geoshape of at least three points")
    return point_in_polygon(points[0], shape)

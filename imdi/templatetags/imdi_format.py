from django import template

from imdi import formatting

register = template.Library()


@register.filter
def nok(value, decimals=0):
    """{{ amount|nok }} -> 1 238 300 kr"""
    return formatting.nok(value, int(decimals))


@register.filter
def pct(value, decimals=2):
    """{{ share|pct }} -> 98,12 %"""
    return formatting.percent(value, int(decimals))


@register.filter
def num(value, decimals=0):
    """{{ count|num }} -> 1 238"""
    return formatting.number(value, int(decimals))

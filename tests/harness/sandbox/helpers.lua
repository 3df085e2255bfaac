return { double = function(x) return 2 * x end }

// Figures as people read them: 1,000 and 64.5.

/**
 * A number with thousands separated, as many decimals as it has.
 * @param {number} n
 */
export const figure = (n) => n.toLocaleString("en-GB", { maximumFractionDigits: 2 });

/** The page frame's display options (menu on phones, large type) and charts. zh-CN first. */
export const zhCN = {
  "display.menu": "菜单",
  "display.menuCurrent": "菜单 · {section}",
  "display.largeText": "大字模式",
  "display.chartData": "{title}：数据表",
  "chart.count": "数量",
  "chart.share": "占比",
};

export const en: Record<keyof typeof zhCN, string> = {
  "display.menu": "Menu",
  "display.menuCurrent": "Menu · {section}",
  "display.largeText": "Large text",
  "display.chartData": "{title}: data table",
  "chart.count": "Count",
  "chart.share": "Share",
};
